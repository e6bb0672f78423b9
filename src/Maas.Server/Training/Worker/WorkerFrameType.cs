namespace Maas.Server.Training.Worker;

/// <summary>
/// The kinds of message between the server and its training worker. Each frame is one byte of kind, four bytes of
/// payload length (little-endian) and the payload.
/// </summary>
internal enum WorkerFrameType : byte
{
    /// <summary>Server to worker, first: the job (<see cref="WorkerStart"/> as JSON).</summary>
    Start = 1,

    /// <summary>Server to worker: the checkpoint to resume from. Worker to server: a new checkpoint, to be made durable.</summary>
    Checkpoint = 2,

    /// <summary>Server to worker: the next chunk of the decrypted dataset CSV.</summary>
    Data = 3,

    /// <summary>Server to worker: the dataset is complete.</summary>
    DataEnd = 4,

    /// <summary>Server to worker: the last checkpoint is durable; the trainer may go on.</summary>
    Ack = 5,

    /// <summary>Worker to server: a <see cref="Maas.Training.Engine.TrainingProgress"/> as JSON.</summary>
    Progress = 6,

    /// <summary>Worker to server: one log line, UTF-8.</summary>
    Log = 7,

    /// <summary>Worker to server: the outcome without its model (<see cref="WorkerResult"/> as JSON); a <see cref="Model"/> frame follows.</summary>
    Result = 8,

    /// <summary>Worker to server: the trained ONNX model's bytes.</summary>
    Model = 9,

    /// <summary>Worker to server: the job failed (<see cref="WorkerFailure"/> as JSON).</summary>
    Failure = 10,
}

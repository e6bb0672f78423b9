using System.Text;
using System.Text.Json;
using Maas.Core;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Maas.Training.Engine;

/// <summary>One completed epoch in a run's history.</summary>
internal sealed record EpochRecord(int Epoch, double TrainLoss, double? ValidationLoss, IReadOnlyDictionary<string, double>? Metrics, double Seconds);

/// <summary>
/// The state saved after each epoch: enough to continue with the next epoch and end with exactly the weights an
/// uninterrupted run would have. Binary: the magic "MAASCKPT", a format version, a JSON header (counters, early-stopping
/// state, history, an architecture fingerprint), then the tensors (parameters and optimiser state, and the best
/// parameters so far). Shuffles and dropout masks are drawn from a generator seeded by (seed, epoch), so the PRNG state
/// is the epoch number.
/// </summary>
internal sealed class TrainingCheckpoint
{
    public const int FormatVersion = 1;
    private static readonly byte[] Magic = "MAASCKPT"u8.ToArray();

    public required CheckpointHeader Header { get; init; }

    /// <summary>Parameters then optimiser state, as the step session orders them.</summary>
    public required IReadOnlyList<TensorState> Tensors { get; init; }

    /// <summary>The best parameters so far under early stopping; null when not tracked.</summary>
    public IReadOnlyList<TensorState>? Best { get; init; }

    public byte[] Serialize()
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        var header = JsonSerializer.SerializeToUtf8Bytes(Header, JsonOptions);
        writer.Write(header.Length);
        writer.Write(header);
        WriteTensors(writer, Tensors);
        WriteTensors(writer, Best ?? []);
        writer.Write(Best is null ? (byte)0 : (byte)1);
        writer.Flush();
        return stream.ToArray();
    }

    /// <summary>Reads a checkpoint; anything malformed is an InvalidArgument naming the problem.</summary>
    public static TrainingCheckpoint Deserialize(ReadOnlyMemory<byte> data)
    {
        try
        {
            using var stream = new MemoryStream(data.ToArray(), writable: false);
            using var reader = new BinaryReader(stream, Encoding.UTF8);
            if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
            {
                throw Invalid("it is not a Maas training checkpoint");
            }

            var version = reader.ReadInt32();
            if (version != FormatVersion)
            {
                throw Invalid($"format version {version} is not supported (expected {FormatVersion})");
            }

            var header = JsonSerializer.Deserialize<CheckpointHeader>(reader.ReadBytes(reader.ReadInt32()), JsonOptions)
                ?? throw Invalid("the header is empty");
            var tensors = ReadTensors(reader);
            var best = ReadTensors(reader);
            var hasBest = reader.ReadByte() == 1;
            return new TrainingCheckpoint { Header = header, Tensors = tensors, Best = hasBest ? best : null };
        }
        catch (Exception e) when (e is EndOfStreamException or JsonException or ArgumentException or OverflowException)
        {
            throw Invalid("it is truncated or corrupt", e);
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private static void WriteTensors(BinaryWriter writer, IReadOnlyList<TensorState> tensors)
    {
        writer.Write(tensors.Count);
        foreach (var tensor in tensors)
        {
            writer.Write((int)tensor.Type);
            writer.Write(tensor.Shape.Length);
            foreach (var dim in tensor.Shape)
            {
                writer.Write(dim);
            }

            writer.Write(tensor.Data.Length);
            writer.Write(tensor.Data);
        }
    }

    private static TensorState[] ReadTensors(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        if (count is < 0 or > 100_000)
        {
            throw Invalid($"it claims {count} tensors");
        }

        var tensors = new TensorState[count];
        for (var i = 0; i < count; i++)
        {
            var type = (TensorElementType)reader.ReadInt32();
            if (type is not (TensorElementType.Float or TensorElementType.Int64))
            {
                throw Invalid($"tensor {i} has element type {type}");
            }

            var rank = reader.ReadInt32();
            if (rank is < 0 or > 8)
            {
                throw Invalid($"tensor {i} has rank {rank}");
            }

            var shape = new long[rank];
            for (var d = 0; d < rank; d++)
            {
                shape[d] = reader.ReadInt64();
            }

            var length = reader.ReadInt32();
            var elements = shape.Aggregate(1L, (a, b) => checked(a * b));
            if (length < 0 || length != elements * (type == TensorElementType.Int64 ? 8 : 4))
            {
                throw Invalid($"tensor {i} holds {length} bytes for shape [{string.Join(", ", shape)}]");
            }

            var bytes = reader.ReadBytes(length);
            if (bytes.Length != length)
            {
                throw new EndOfStreamException();
            }

            tensors[i] = new TensorState(type, shape, bytes);
        }

        return tensors;
    }

    private static MaasException Invalid(string why, Exception? inner = null) =>
        inner is null
            ? new MaasException(ErrorCode.InvalidArgument, $"The training checkpoint cannot be used: {why}.")
            : new MaasException(ErrorCode.InvalidArgument, $"The training checkpoint cannot be used: {why}.", inner);
}

/// <summary>The scalar part of a checkpoint.</summary>
internal sealed record CheckpointHeader
{
    /// <summary>Epochs completed; the resumed run starts with this (zero-based) epoch.</summary>
    public required int Epoch { get; init; }

    /// <summary>Optimiser steps taken in total.</summary>
    public required long Steps { get; init; }

    /// <summary>The run's seed; each epoch's generator is derived from (seed, epoch).</summary>
    public required long Seed { get; init; }

    /// <summary>Parameter and state shapes plus optimiser and loss; a checkpoint only resumes the same architecture.</summary>
    public required string Fingerprint { get; init; }

    /// <summary>Early stopping fired: the resumed run goes straight to the final model.</summary>
    public bool Stopped { get; init; }

    public double? BestScore { get; init; }

    public int BestEpoch { get; init; }

    public int EpochsWithoutImprovement { get; init; }

    public IReadOnlyList<EpochRecord> History { get; init; } = [];
}

namespace Maas.Server.Training;

/// <summary>The audited actions of datasets and training jobs, named like <see cref="Core.Security.AuditActions"/>.</summary>
internal static class TrainingAuditActions
{
    /// <summary>A dataset version was pushed (or the push was refused); the target is the dataset.</summary>
    public const string DatasetPush = "dataset.push";

    /// <summary>A dataset version, or a whole dataset, was deleted.</summary>
    public const string DatasetDelete = "dataset.delete";

    /// <summary>A training job was submitted; the target is the job's id (or the model, when refused).</summary>
    public const string JobCreate = "job.create";

    /// <summary>A training job was cancelled; the target is its id.</summary>
    public const string JobCancel = "job.cancel";
}

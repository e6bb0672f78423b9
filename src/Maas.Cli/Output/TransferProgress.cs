using Spectre.Console;

namespace Maas.Cli.Output;

/// <summary>
/// A byte-count progress bar with throughput on standard error while a push or download runs; nothing at all when
/// output is redirected or JSON, so scripts and logs stay clean.
/// </summary>
internal static class TransferProgress
{
    /// <summary>Streams a local file through <paramref name="upload"/> with a progress bar named after the file.</summary>
    public static async Task<T> UploadFileAsync<T>(CliOutput output, string path, Func<Stream, IProgress<long>?, Task<T>> upload)
    {
        var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.Read,

            // The client reads 1 MiB chunks itself; a FileStream buffer would only copy them once more.
            BufferSize = 0,
            Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
        });
        await using (stream)
        {
            return await RunAsync(output, $"push {Path.GetFileName(path)}", stream.CanSeek ? stream.Length : null, progress => upload(stream, progress));
        }
    }

    public static async Task<T> RunAsync<T>(CliOutput output, string description, long? totalBytes, Func<IProgress<long>?, Task<T>> transfer)
    {
        if (!output.CanShowProgress)
        {
            return await transfer(null);
        }

        return await output.Error.Progress()
            .AutoClear(false)
            .Columns(
                new TaskDescriptionColumn(),
                new ProgressBarColumn(),
                new PercentageColumn(),
                new DownloadedColumn(),
                new TransferSpeedColumn(),
                new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(description), autoStart: true, maxValue: Math.Max(totalBytes ?? 1, 1));
                task.IsIndeterminate = totalBytes is null;
                var result = await transfer(new Reporter(task));
                task.Value = task.MaxValue;
                task.StopTask();
                return result;
            });
    }

    private sealed class Reporter(ProgressTask task) : IProgress<long>
    {
        public void Report(long value) => task.Value = value;
    }
}

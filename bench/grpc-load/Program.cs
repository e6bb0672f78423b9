using GrpcLoad;

// Closed-loop load generator: N concurrent callers for a fixed time, each sending its next request as soon as the
// previous one answers. Modes:
//   grpc  inference.GRPCInferenceService/ModelInfer with raw_input_contents (one HTTP/2 connection per channel)
//   http  HTTP/1.1 POSTs listed in a manifest (the wrk script's format), one connection per caller
// Prints a summary and one machine-readable line: RESULT requests=… rps=… p50_us=… p99_us=… errors=…
if (args.Length == 0 || args[0] is not ("grpc" or "http"))
{
    Console.Error.WriteLine(LoadOptions.Usage);
    return 2;
}

var options = LoadOptions.Parse(args[1..]);
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
ILoadTarget target = args[0] == "grpc" ? new GrpcTarget(options) : new HttpTarget(options);
using (target as IDisposable)
{
    var result = await LoadRunner.RunAsync(target, options, stop.Token);
    result.Print(Console.Out, $"{args[0]} {target.Describe()}", options);
    return result.Requests > 0 ? 0 : 1;
}

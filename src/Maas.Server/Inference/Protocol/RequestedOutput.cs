namespace Maas.Server.Inference.Protocol;

/// <summary>An output the request names, with the options the protocol allows on it.</summary>
/// <param name="Name">The output's name in the model.</param>
/// <param name="Binary">
/// REST only: <c>true</c> to return it through the binary extension, <c>false</c> as JSON, <c>null</c> to follow
/// the request's <c>binary_data_output</c> default.
/// </param>
/// <param name="Classification">When set (≥ 1), the top-N classes replace the raw scores.</param>
internal sealed record RequestedOutput(string Name, bool? Binary, int? Classification);

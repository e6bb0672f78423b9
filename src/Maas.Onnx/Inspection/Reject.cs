using Maas.Core;

namespace Maas.Onnx.Inspection;

/// <summary>The inspector's rejections, so every one carries the same error code and the shared sentences stay alike.</summary>
internal static class Reject
{
    public const string NotParsed = "The upload does not parse as an ONNX ModelProto";

    public static MaasException Because(string sentence) => MaasException.InvalidModel(sentence);

    public static MaasException Unparsable(string why, Exception? inner = null)
    {
        var message = $"{NotParsed}: {why}.";
        return inner is null
            ? MaasException.InvalidModel(message)
            : new MaasException(ErrorCode.InvalidModel, message, inner);
    }

    public static MaasException CustomDomain(string domain, string where) => MaasException.InvalidModel(
        $"{where} uses operator domain '{Printable.Clip(domain)}', which Maas does not load: custom operators can run native code.");
}

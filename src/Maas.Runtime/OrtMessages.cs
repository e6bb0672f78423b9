using System.Text.RegularExpressions;
using Maas.Core;

namespace Maas.Runtime;

/// <summary>
/// Makes ONNX Runtime's error messages fit for a response. They say what went wrong well, but carry ONNX Runtime's
/// error-code prefix (<c>[ErrorCode:RuntimeException]</c>) and the C++ source location and signature where the error
/// was raised (<c>/onnxruntime_src/…/bfc_arena.cc:360 void* onnxruntime::BFCArena::AllocateRawInternal(…)</c>): build
/// paths and internals that a client has no use for and that the house rule keeps out of every answer. They also quote
/// the uploaded graph's node names, which may hold line breaks and escape sequences: those are escaped
/// (<see cref="TextRules.Escape"/>), so the message is safe in a log line and on a terminal.
/// </summary>
internal static partial class OrtMessages
{
    public static string Clean(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return TextRules.Escape(SourceLocation().Replace(CodePrefix().Replace(message, string.Empty), string.Empty).Trim());
    }

    [GeneratedRegex(@"\[ErrorCode:\w+\]\s*")]
    private static partial Regex CodePrefix();

    // A path ending in a C/C++ source file and line, then optionally the raising function's signature (recognised by
    // its '::' and balanced parentheses, one level of nesting), up to the message that follows.
    [GeneratedRegex(@"(?:[A-Za-z]:)?[/\\][^\s:]*\.(?:cc|cpp|cxx|c|h|hpp):\d+\s*(?:[^()\s][^()]*::[^()]*\((?:[^()]|\([^()]*\))*\)(?:\s*const)?\s*)?")]
    private static partial Regex SourceLocation();
}

using System.Diagnostics.CodeAnalysis;

namespace Maas.Core;

/// <summary>
/// An exception as a log may show it: the original's type name and message, with every control character escaped
/// (<see cref="TextRules.Escape"/>), and the original's stack trace; its inner exceptions likewise. Messages of ONNX
/// Runtime, of parsers and of domain errors quote text from outside (an uploaded graph's node names, a header, a
/// body), and a log writes them where a line break forges a log line and an escape sequence acts on a terminal.
/// </summary>
public sealed class EscapedException : Exception
{
    private readonly string? _stackTrace;

    private EscapedException(Exception original)
        : base(Describe(original), original.InnerException is { } inner ? new EscapedException(inner) : null)
    {
        _stackTrace = original.StackTrace;
        OriginalType = original.GetType().FullName ?? original.GetType().Name;
    }

    /// <summary>The full name of the original exception's type.</summary>
    public string OriginalType { get; }

    /// <inheritdoc/>
    public override string? StackTrace => _stackTrace;

    /// <summary>
    /// <paramref name="exception"/> itself when its messages, inner ones included, hold no control character;
    /// otherwise an <see cref="EscapedException"/> in its place. <c>null</c> stays <c>null</c>.
    /// </summary>
    [return: NotNullIfNotNull(nameof(exception))]
    public static Exception? For(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (!TextRules.IsPrintable(e.Message))
            {
                return new EscapedException(exception!);
            }
        }

        return exception;
    }

    private static string Describe(Exception original) => $"[{original.GetType().Name}] {TextRules.Escape(original.Message)}";
}

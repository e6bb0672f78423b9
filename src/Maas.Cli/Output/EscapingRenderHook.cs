using Maas.Core;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Maas.Cli.Output;

/// <summary>
/// The one place where text reaches the terminal through Spectre: every segment of text any view renders (tables,
/// field lists, errors, hints) passes <see cref="TextRules.Escape"/>, so a description, tag, label, column name or
/// category stored by someone else (or before the server refused control characters) shows <c>\u001b</c> instead of
/// changing the terminal's title, clearing the screen or hiding text behind a bidirectional override. Spectre's own
/// control codes and line breaks pass unchanged.
/// </summary>
internal sealed class EscapingRenderHook : IRenderHook
{
    public IEnumerable<IRenderable> Process(RenderOptions options, IEnumerable<IRenderable> renderables) =>
        renderables.Select(r => (IRenderable)new Escaped(r));

    private sealed class Escaped(IRenderable inner) : IRenderable
    {
        public Measurement Measure(RenderOptions options, int maxWidth) => inner.Measure(options, maxWidth);

        public IEnumerable<Segment> Render(RenderOptions options, int maxWidth) =>
            inner.Render(options, maxWidth).Select(s => s.IsControlCode || s.IsLineBreak || TextRules.IsPrintable(s.Text)
                ? s
                : new Segment(TextRules.Escape(s.Text), s.Style, s.Link));
    }
}

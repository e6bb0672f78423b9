using System.Net;
using Maas.Server.Tests.Training;

namespace Maas.Server.Tests.Hostile;

/// <summary>
/// Control characters in the free text a caller stores (descriptions, tags, class labels, key descriptions, CSV
/// headers): a title-changing OSC sequence, a screen-clearing CSI, a C1 control, DEL, a bidirectional override. Each
/// is refused with 400 naming the field and the code point, nothing is stored, and plain text, line breaks in a
/// model's description included, is still accepted.
/// </summary>
public sealed class HostileTextTests(HostileFixture server) : IClassFixture<HostileFixture>
{
    public static TheoryData<string, string> HostileText => new()
    {
        { "a\u001b]0;owned\u0007b", "U+001B" },
        { "clear\u001b[2J", "U+001B" },
        { "bell\u0007", "U+0007" },
        { "nul\0", "U+0000" },
        { "del\u007f", "U+007F" },
        { "csi\u009b2J", "U+009B" },
        { "evil\u202etxt.exe", "U+202E" },
        { "isolate\u2066x", "U+2066" },
    };

    [Theory]
    [MemberData(nameof(HostileText))]
    public async Task CreateModel_ControlCharacterInDescription_Returns400NamingTheCodePoint(string text, string codePoint)
    {
        var name = NewName();
        using var response = await server.Http.PostAsJsonAsync("/api/v1/models", new { name, description = text });

        await Rejections.AssertAsync(response, 400, "description", codePoint);
        await AssertMissingAsync(name);
    }

    [Theory]
    [MemberData(nameof(HostileText))]
    public async Task CreateModel_ControlCharacterInTagKeyOrValueOrLabel_Returns400NamingTheField(string text, string codePoint)
    {
        var name = NewName();
        using var key = await server.Http.PostAsJsonAsync("/api/v1/models", new { name, tags = new Dictionary<string, string> { [text] = "v" } });
        await Rejections.AssertAsync(key, 400, "tag key", codePoint);

        using var value = await server.Http.PostAsJsonAsync("/api/v1/models", new { name, tags = new Dictionary<string, string> { ["team"] = text } });
        await Rejections.AssertAsync(value, 400, "tag 'team'", codePoint);

        using var label = await server.Http.PostAsJsonAsync("/api/v1/models", new { name, labels = new[] { "cat", text } });
        await Rejections.AssertAsync(label, 400, "class label 2", codePoint);
        await AssertMissingAsync(name);
    }

    [Theory]
    [MemberData(nameof(HostileText))]
    public async Task UpdateModel_ControlCharacter_Returns400AndKeepsTheModel(string text, string codePoint)
    {
        using var response = await server.Http.PatchAsJsonAsync($"/api/v1/models/{HostileFixture.Witness}", new { description = text, labels = new[] { text } });

        await Rejections.AssertAsync(response, 400, "description", codePoint);
        var model = await server.Http.GetStringAsync($"/api/v1/models/{HostileFixture.Witness}");
        Assert.DoesNotContain(codePoint.Replace("U+", "\\u", StringComparison.Ordinal), model, StringComparison.OrdinalIgnoreCase);
        await server.AssertServingAsync();
    }

    [Theory]
    [MemberData(nameof(HostileText))]
    public async Task CreateKey_ControlCharacterInDescription_Returns400(string text, string codePoint)
    {
        using var response = await server.Http.PostAsJsonAsync("/api/v1/keys", new { role = "admin", description = text });

        await Rejections.AssertAsync(response, 400, "key description", codePoint);
    }

    [Theory]
    [MemberData(nameof(HostileText))]
    public async Task PushDataset_ControlCharacterInAHeader_Returns400NamingTheColumn(string text, string codePoint)
    {
        var dataset = NewName();
        var header = text.Replace(",", string.Empty, StringComparison.Ordinal).Replace("\"", string.Empty, StringComparison.Ordinal);
        using var response = await TrainingApi.PushTextAsync(server.Http, dataset, $"x,\"{header}\"\n1,2\n3,4\n");

        await Rejections.AssertAsync(response, 400, "column 2", codePoint);
        using var missing = await server.Http.GetAsync($"/api/v1/datasets/{dataset}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task CreateModel_LineBreaksAndTabsInDescription_AreAccepted()
    {
        var name = NewName();
        using var response = await server.Http.PostAsJsonAsync("/api/v1/models", new { name, description = "line one\nline two\r\n\tindented", tags = new { team = "ml ops" }, labels = new[] { "chat", "ünïcødé" } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task CreateModel_LineBreakInTagOrLabel_Returns400()
    {
        using var tag = await server.Http.PostAsJsonAsync("/api/v1/models", new { name = NewName(), tags = new { team = "a\nb" } });
        await Rejections.AssertAsync(tag, 400, "U+000A");

        using var label = await server.Http.PostAsJsonAsync("/api/v1/models", new { name = NewName(), labels = new[] { "a\tb" } });
        await Rejections.AssertAsync(label, 400, "U+0009");
    }

    private static string NewName() => "text-" + Guid.NewGuid().ToString("N")[..12];

    private async Task AssertMissingAsync(string name)
    {
        using var missing = await server.Http.GetAsync($"/api/v1/models/{name}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        await server.AssertServingAsync();
    }
}

using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Maas.Core.Security;
using Maas.Server.Security;

namespace Maas.Server.Tests.Security;

/// <summary>
/// The admin key an operator chooses (<c>MAAS_ADMIN_KEY</c>) meets the rules of every key — a well-formed id, a secret
/// that could have come from a random generator — and the examples the docs give meet them too.
/// </summary>
public sealed partial class AdminKeyRuleTests
{
    [Theory]
    [InlineData("maas_admin_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("maas_admin_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("maas_admin_abababababababababababababababababababab")]
    [InlineData("maas_ops_3c9f1d2e7a4b6c8d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f")]
    public void Validator_WeakOrMalformedAdminKey_IsRefusedWithoutEchoingIt(string key)
    {
        var result = new SecurityOptionsValidator().Validate(null, new SecurityOptions { AdminKey = key });

        Assert.True(result.Failed);
        Assert.DoesNotContain(key[^20..], result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validator_GeneratedKey_IsAccepted()
    {
        for (var i = 0; i < 200; i++)
        {
            var key = ApiKeyToken.Generate().Reveal();
            Assert.True(new SecurityOptionsValidator().Validate(null, new SecurityOptions { AdminKey = key }).Succeeded, key);
        }
    }

    [Fact]
    public void Docs_AdminKeyExamples_AreAcceptedWithAnyRandomSecret()
    {
        var examples = new[] { "security.md", "cli.md" }
            .SelectMany(page => ExampleKey().Matches(File.ReadAllText(Path.Combine(TestFixtures.RepositoryRoot, "docs", page))))
            .Select(match => match.Groups["id"].Value)
            .ToList();

        Assert.NotEmpty(examples);
        foreach (var id in examples)
        {
            for (var i = 0; i < 50; i++)
            {
                // What `openssl rand -hex 32` prints: 64 lower-case hex digits.
                var key = $"maas_{id}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))}";
                var result = new SecurityOptionsValidator().Validate(null, new SecurityOptions { AdminKey = key });
                Assert.True(result.Succeeded, $"The documented example maas_{id}_$(openssl rand -hex 32) is refused: {result.FailureMessage}");
            }
        }
    }

    [GeneratedRegex(@"maas_(?<id>[^_\s`]*)_\$\(openssl rand -hex 32\)")]
    private static partial Regex ExampleKey();
}

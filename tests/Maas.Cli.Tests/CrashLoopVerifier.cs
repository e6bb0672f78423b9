using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;

namespace Maas.Cli.Tests;

/// <summary>
/// Checks a restarted server against <see cref="CrashLoopState"/>: no staging file, unreferenced blob or orphaned data
/// key is left, every listed version downloads with its digest and answers an inference correctly, acknowledged writes
/// survived and deleted versions stayed deleted, aliases point where they were last moved, keys are as created and
/// revoked, and the audit log is readable, only grows, and records every acknowledged key change.
/// </summary>
internal sealed class CrashLoopVerifier(string dataDirectory, CrashLoopState state, IReadOnlyList<string> models)
{
    private static readonly Lazy<(string Body, double[] Outputs)> Reference = new(LoadReference);

    public int LeftoverTemporaryFiles()
    {
        var tmp = Path.Combine(dataDirectory, "blobs", "tmp");
        return Directory.Exists(tmp) ? Directory.GetFiles(tmp).Length : 0;
    }

    public async Task VerifyAsync(HttpClient http, int restart)
    {
        Assert.True(LeftoverTemporaryFiles() == 0, $"Temporary files remain after restart {restart}.");
        var listed = await ListVersionsAsync(http);
        foreach (var ((model, version), digest) in listed)
        {
            await VerifyVersionAsync(http, model, version, digest, restart);
        }

        VerifyAcknowledged(listed, restart);
        VerifyNoOrphans(listed, restart);
        await VerifyAliasesAsync(http, listed, restart);
        await VerifyKeysAsync(http, restart);
        await VerifyAuditAsync(http, restart);
        state.Settle();
    }

    private async Task<Dictionary<(string, int), string>> ListVersionsAsync(HttpClient http)
    {
        var listed = new Dictionary<(string, int), string>();
        foreach (var model in models)
        {
            using var response = await http.GetAsync($"/api/v1/models/{model}/versions");
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                continue;
            }

            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            foreach (var v in json.RootElement.GetProperty("versions").EnumerateArray())
            {
                listed[(model, v.GetProperty("version").GetInt32())] = v.GetProperty("digest").GetString()!;
            }
        }

        return listed;
    }

    // Through the API, not the files: blobs are encrypted at rest, so only the server can show the plaintext.
    private async Task VerifyVersionAsync(HttpClient http, string model, int version, string digest, int restart)
    {
        var bytes = await http.GetByteArrayAsync($"/api/v1/models/{model}/versions/{version}/artifact");
        Assert.True(digest == "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)), $"Version {version} of {model} does not match its digest after restart {restart}.");
        var seen = state.EverSeen.GetOrAdd((model, version), digest);
        Assert.True(seen == digest, $"Version number {version} of {model} was reused after restart {restart}.");
        Assert.False(state.Deleted.ContainsKey((model, version)), $"Deleted version {version} of {model} came back after restart {restart}.");

        using var content = new StringContent(Reference.Value.Body, System.Text.Encoding.UTF8, "application/json");
        using var response = await http.PostAsync($"/v2/models/{model}/versions/{version}/infer", content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"Version {version} of {model} does not load after restart {restart}: {(int)response.StatusCode} {body}");
        using var json = JsonDocument.Parse(body);
        var outputs = json.RootElement.GetProperty("outputs")[0].GetProperty("data").EnumerateArray().Select(d => d.GetDouble()).ToArray();
        Assert.Equal(Reference.Value.Outputs.Length, outputs.Length);
        Assert.All(outputs.Zip(Reference.Value.Outputs), pair => Assert.True(Math.Abs(pair.First - pair.Second) <= 1e-4, $"Version {version} of {model} answers {pair.First}, not {pair.Second}."));
    }

    private void VerifyAcknowledged(Dictionary<(string, int), string> listed, int restart)
    {
        foreach (var (key, digest) in state.Acknowledged)
        {
            if (state.Deleting.ContainsKey(key))
            {
                // A delete was in flight when the server died: either outcome is correct.
                if (!listed.ContainsKey(key))
                {
                    state.Acknowledged.TryRemove(key, out _);
                }

                continue;
            }

            Assert.True(listed.TryGetValue(key, out var stored) && stored == digest, $"Acknowledged version {key.Version} of {key.Model} was lost after restart {restart}.");
        }

        // A version listed now is durable whether or not its upload was acknowledged: from here on it must stay.
        foreach (var (key, digest) in listed)
        {
            state.Acknowledged[key] = digest;
        }
    }

    // Blobs under sha256/, and under keys/ the wrapped data key of each: a kill between the two commits leaves one
    // without the other, and start-up must sweep both.
    private void VerifyNoOrphans(Dictionary<(string, int), string> listed, int restart)
    {
        foreach (var folder in new[] { "sha256", "keys" })
        {
            var root = Path.Combine(dataDirectory, "blobs", folder);
            var orphans = Directory.Exists(root)
                ? Directory.GetFiles(root, "*", SearchOption.AllDirectories).Select(Path.GetFileName).Except(listed.Values.Select(d => d["sha256:".Length..])).ToList()
                : [];
            Assert.True(orphans.Count == 0, $"Unreferenced files remain in blobs/{folder} after restart {restart}: {string.Join(", ", orphans)}");
        }
    }

    private async Task VerifyAliasesAsync(HttpClient http, Dictionary<(string, int), string> listed, int restart)
    {
        foreach (var model in models)
        {
            using var response = await http.GetAsync($"/api/v1/models/{model}");
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                continue;
            }

            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            int? actual = json.RootElement.GetProperty("aliases").TryGetProperty("production", out var target) ? target.GetInt32() : null;
            int? acknowledged = state.AliasAcknowledged.TryGetValue(model, out var a) ? a : null;
            int? inFlight = state.AliasInFlight.TryGetValue(model, out var f) ? f : null;
            Assert.True(actual == acknowledged || (inFlight is not null && actual == inFlight), $"Alias production of {model} points at {actual}, not at the acknowledged {acknowledged} (or {inFlight} in flight), after restart {restart}.");
            if (actual is int version)
            {
                Assert.True(listed.ContainsKey((model, version)), $"Alias production of {model} points at missing version {version} after restart {restart}.");
                state.AliasAcknowledged[model] = version;
            }
        }
    }

    private async Task VerifyKeysAsync(HttpClient http, int restart)
    {
        using var json = JsonDocument.Parse(await http.GetStringAsync("/api/v1/keys"));
        var revoked = json.RootElement.GetProperty("keys").EnumerateArray()
            .ToDictionary(k => k.GetProperty("id").GetString()!, k => k.GetProperty("revoked").ValueKind != JsonValueKind.Null);
        foreach (var (id, _) in state.KeysCreated)
        {
            Assert.True(revoked.TryGetValue(id, out var isRevoked), $"Acknowledged key {id} was lost after restart {restart}.");
            if (state.KeysRevoked.ContainsKey(id))
            {
                Assert.True(isRevoked, $"Revoked key {id} is active again after restart {restart}.");
            }
            else if (isRevoked)
            {
                Assert.True(state.KeysRevoking.ContainsKey(id), $"Key {id} was revoked without anyone asking, after restart {restart}.");
                state.KeysRevoked[id] = 0;
            }
        }

        // The store's word is not enough: a surviving key must work and a revoked one must not.
        if (state.KeysCreated.Keys.FirstOrDefault(id => !state.KeysRevoked.ContainsKey(id)) is { } active)
        {
            Assert.Equal(HttpStatusCode.OK, await StatusWithKeyAsync(http, state.KeysCreated[active]));
        }

        if (state.KeysRevoked.Keys.FirstOrDefault() is { } gone)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithKeyAsync(http, state.KeysCreated[gone]));
        }
    }

    private static async Task<HttpStatusCode> StatusWithKeyAsync(HttpClient http, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/models");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    private async Task VerifyAuditAsync(HttpClient http, int restart)
    {
        var ids = new List<long>();
        var keyChanges = new HashSet<(string Action, string Target)>();
        string? token = null;
        do
        {
            using var page = JsonDocument.Parse(await http.GetStringAsync("/api/v1/audit?limit=1000" + (token is null ? "" : "&pageToken=" + token)));
            foreach (var entry in page.RootElement.GetProperty("entries").EnumerateArray())
            {
                ids.Add(entry.GetProperty("id").GetInt64());
                if (entry.GetProperty("outcome").GetString() == "success" && entry.GetProperty("target").GetString() is { } target)
                {
                    keyChanges.Add((entry.GetProperty("action").GetString()!, target));
                }
            }

            token = page.RootElement.GetProperty("nextPageToken").GetString();
        }
        while (token is not null);

        Assert.True(ids.SequenceEqual(ids.OrderDescending().Distinct()), $"Audit entry ids are not unique and newest first after restart {restart}.");
        Assert.True(ids.Count >= state.AuditEntries, $"The audit log shrank from {state.AuditEntries} to {ids.Count} entries after restart {restart}.");
        state.AuditEntries = ids.Count;
        foreach (var id in state.KeysCreated.Keys)
        {
            Assert.True(keyChanges.Contains(("key.create", id)), $"The acknowledged creation of key {id} is missing from the audit log after restart {restart}.");
        }

        foreach (var id in state.KeysRevokeAcknowledged.Keys)
        {
            Assert.True(keyChanges.Contains(("key.revoke", id)), $"The acknowledged revocation of key {id} is missing from the audit log after restart {restart}.");
        }
    }

    // The fixture's reference request (8 rows) and outputs: every version is that model with a unique doc string.
    private static (string Body, double[] Outputs) LoadReference()
    {
        using var io = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestFixtures.ModelsDirectory, "breast_cancer_mlp.io.json")));
        var input = io.RootElement.GetProperty("inputs").GetProperty("features");
        var body = JsonSerializer.Serialize(new
        {
            inputs = new[] { new { name = "features", shape = input.GetProperty("shape"), datatype = "FP32", data = input.GetProperty("data") } },
        });
        return (body, io.RootElement.GetProperty("outputs")[0].GetProperty("data").EnumerateArray().Select(d => d.GetDouble()).ToArray());
    }
}

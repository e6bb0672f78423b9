using Maas.Core.Security;
using Maas.Onnx.Tests;
using Maas.Server.Security;

namespace Maas.Server.Tests.Security;

/// <summary>
/// A server with gRPC on, a manual security clock and no rate limit, holding the models the access tests act on:
/// <c>fraud-a</c> (inside the test keys' scope <c>fraud-*</c>) and <c>other-a</c> (outside it), each with version 1 of the
/// tiny Add graph and a <c>production</c> alias pointing at it.
/// </summary>
public sealed class SecurityFixture : ServerFixture
{
    public const string InScopeModel = "fraud-a";
    public const string OutOfScopeModel = "other-a";

    /// <summary>
    /// A server clock for the security tests (this fixture's and <see cref="RateLimitFixture"/>'s): its time moves only
    /// by hand, from 2026-11-23 16:00 UTC, while its timers run in real time, so the server's own work goes on.
    /// </summary>
    internal static ManualTimeProvider NewServerClock() =>
        new(new DateTimeOffset(2026, 11, 23, 16, 0, 0, TimeSpan.Zero)) { TimersOnSystemClock = true };

    public SecurityFixture()
    {
        EnableGrpc = true;
        ServerClock = Clock;
        Configure<SecurityOptions>(o =>
        {
            o.RequestsPerSecondPerKey = 0;

            // Failed authentications are written 100 ms (real time) after they start, so tests can poll for them.
            o.AuthenticationFailureAuditInterval = TimeSpan.FromMilliseconds(100);
        });
    }

    internal ManualTimeProvider Clock { get; } = NewServerClock();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        foreach (var model in new[] { InScopeModel, OutOfScopeModel })
        {
            (await Http.PostAsJsonAsync("/api/v1/models", new { name = model })).EnsureSuccessStatusCode();
            (await UploadAsync(model, TestModels.Add().ToStream())).EnsureSuccessStatusCode();
            (await Http.PutAsJsonAsync($"/api/v1/models/{model}/aliases/production", new { version = 1 })).EnsureSuccessStatusCode();
        }
    }

    /// <summary>A key that expired: valid an hour ago, not now.</summary>
    public async Task<string> CreateExpiredKeyAsync(Role role = Role.Consumer)
    {
        var key = await CreateKeyAsync(role, expires: Clock.GetUtcNow().AddMinutes(30));
        Clock.Advance(TimeSpan.FromHours(1));
        return key;
    }

    /// <summary>A key that was revoked.</summary>
    public async Task<string> CreateRevokedKeyAsync(Role role = Role.Consumer)
    {
        var key = await CreateKeyAsync(role);
        (await Http.DeleteAsync($"/api/v1/keys/{IdOf(key)}")).EnsureSuccessStatusCode();
        return key;
    }

    public static string IdOf(string key) => ApiKeyToken.TryParse(key, out var token) ? token.Id : throw new ArgumentException("Not a key.", nameof(key));
}

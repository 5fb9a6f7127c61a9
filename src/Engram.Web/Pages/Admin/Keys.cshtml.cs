using Engram.Access;
using Engram.Web.Http;
using Microsoft.AspNetCore.Mvc;

namespace Engram.Web.Pages.Admin;

/// <summary>
/// Every API key (never a secret), with who holds it; revoking one, behind a confirmation: it stops working at once,
/// for the API and for anyone signed in to this UI with it. Admins only.
/// </summary>
[AdminPage]
internal sealed class KeysModel(EngramEngine engine) : UiPageModel
{
    /// <summary>The key to confirm revoking, when the page asks.</summary>
    [FromQuery(Name = "revoke")]
    public string? ConfirmRevoke { get; set; }

    /// <summary>The key just revoked, for the notice.</summary>
    [FromQuery(Name = "revoked")]
    public string? Revoked { get; set; }

    public IReadOnlyList<ApiKey> Keys { get; private set; } = [];

    public IReadOnlyDictionary<string, Principal> Holders { get; private set; } = new Dictionary<string, Principal>();

    /// <summary>The key this sign-in uses, so revoking it is said to sign you out.</summary>
    public string? Yours { get; private set; }

    public ApiKey? Confirming => ConfirmRevoke is null ? null : Keys.FirstOrDefault(k => k.Id == ConfirmRevoke && !k.IsRevoked);

    public Task OnGetAsync() => LoadAsync();

    public Task<IActionResult> OnPostRevokeAsync([FromForm(Name = "id")] string? id) => FormAsync(async () =>
    {
        var revoked = await engine.Access.RevokeApiKeyAsync(Caller, id ?? "", Aborted);
        return LocalRedirect($"/ui/admin/keys?revoked={Uri.EscapeDataString(revoked.Id)}");
    }, LoadAsync);

    /// <summary>"mia (user, member)", or the principal id when it is gone.</summary>
    public string Holder(ApiKey key) => Holders.TryGetValue(key.PrincipalId, out var p)
        ? $"{p.Name} ({(p.Kind == PrincipalKind.User ? "user" : "service account")}, {p.Role.ToString().ToLowerInvariant()})"
        : key.PrincipalId;

    private async Task LoadAsync()
    {
        Keys = [.. (await engine.Access.ListApiKeysAsync(Caller, Aborted)).OrderBy(k => k.IsRevoked).ThenByDescending(k => k.CreatedAt)];
        Holders = (await engine.Access.ListPrincipalsAsync(Caller, Aborted)).ToDictionary(p => p.Id, StringComparer.Ordinal);
        Yours = Caller.ApiKeyId;
    }
}

using Engram.Access;

namespace Engram.Web.Sessions;

/// <summary>How the top bar names who is signed in: the principal's name, else the key's, else the agent a session runs.</summary>
internal static class DisplayName
{
    /// <summary>The name for <paramref name="caller"/>, read through <paramref name="access"/> as the caller (members see only themselves and their keys); null when none is found.</summary>
    public static async Task<string?> OfAsync(AccessService access, Caller caller, CancellationToken cancellationToken)
    {
        if (caller.Session is { } session)
        {
            return $"agent {session.Agent}";
        }

        if (caller.PrincipalId is { } principalId
            && (await access.ListPrincipalsAsync(caller, cancellationToken).ConfigureAwait(false)).FirstOrDefault(p => p.Id == principalId) is { } principal)
        {
            return principal.Name;
        }

        return caller.ApiKeyId is { } keyId
            ? (await access.ListApiKeysAsync(caller, cancellationToken).ConfigureAwait(false)).FirstOrDefault(k => k.Id == keyId)?.Name
            : null;
    }
}

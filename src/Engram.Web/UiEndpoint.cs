namespace Engram.Web;

/// <summary>
/// Endpoint metadata on everything the UI maps: the server's API-key check lets these through, because the UI
/// authenticates each request itself (its cookie session re-checks the key), and its errors are pages, not JSON.
/// </summary>
public sealed class UiEndpoint
{
    private UiEndpoint()
    {
    }

    /// <summary>The one instance endpoints carry.</summary>
    public static UiEndpoint Instance { get; } = new();
}

/// <summary>
/// The failed-authentication limit per client address that the API applies, so failed sign-ins count against the
/// same budget as failed API keys. The server supplies it; without one, sign-ins are not limited.
/// </summary>
public interface IFailedSignIns
{
    /// <summary>How long the request's address must wait, or null when it may try; nothing is counted.</summary>
    TimeSpan? Refused(Microsoft.AspNetCore.Http.HttpContext context);

    /// <summary>Counts one failed sign-in against the request's address.</summary>
    void Record(Microsoft.AspNetCore.Http.HttpContext context);
}

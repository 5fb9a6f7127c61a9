namespace Engram.Server;

/// <summary>Who may read the server's metrics at <c>/metrics</c> (<see cref="ServerOptions.Metrics"/>).</summary>
public enum MetricsAccess
{
    /// <summary>No metrics endpoint, and no metrics are collected.</summary>
    Off,

    /// <summary>
    /// Clients on this machine (a loopback address), without a key; anyone else is refused (403). A request that a proxy
    /// forwarded (it carries <c>Forwarded</c> or <c>X-Forwarded-For</c>) counts as remote, wherever the proxy runs.
    /// </summary>
    Loopback,

    /// <summary>Anyone with an admin's API key, from anywhere (Prometheus sends it as <c>Authorization: Bearer</c>).</summary>
    Admin,

    /// <summary>Anyone who can reach the server, without a key: for a private network where only the scraper can.</summary>
    Anyone,
}

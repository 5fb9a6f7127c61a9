using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;

namespace Engram.Server.Http;

/// <summary>
/// Failed authentications per client address, in fixed windows: while an address has failures left it may
/// try, and once it has used them up every request from it is refused (429) until the window turns, before
/// any key is looked up. Failed sign-ins to the review UI count here too. A failure that answered 429 instead of 401 would tell a right guess from a wrong one;
/// refusing before the check tells nothing.
/// </summary>
internal sealed class FailedAuthentications(ServerOptions options) : Engram.Web.IFailedSignIns, IDisposable
{
    /// <summary>IPv6 clients are counted by their /64: one host commonly holds a whole /64 and could rotate within it.</summary>
    private const int Ipv6PrefixBytes = 8;

    private readonly PartitionedRateLimiter<string>? _limiter = options.FailedAuthenticationLimit > 0
        ? PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.FailedAuthenticationLimit,
            Window = options.FailedAuthenticationWindow,
            QueueLimit = 0,
            AutoReplenishment = true,
        }))
        : null;

    /// <summary>How long the address must wait when it has no failures left, or null when it may try; nothing is counted.</summary>
    public TimeSpan? Refused(HttpContext context)
    {
        if (_limiter is null)
        {
            return null;
        }

        using var lease = _limiter.AttemptAcquire(AddressOf(context), permitCount: 0);
        return lease.IsAcquired ? null : lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : options.FailedAuthenticationWindow;
    }

    /// <summary>Counts one failed authentication against the request's address.</summary>
    public void Record(HttpContext context)
    {
        if (_limiter is not null)
        {
            using var _ = _limiter.AttemptAcquire(AddressOf(context));
        }
    }

    public void Dispose() => _limiter?.Dispose();

    /// <summary>The client address as the connection shows it (forwarded headers are not trusted).</summary>
    private static string AddressOf(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, Ipv6PrefixBytes, bytes.Length - Ipv6PrefixBytes);
            return new IPAddress(bytes) + "/64";
        }

        return address.ToString();
    }
}

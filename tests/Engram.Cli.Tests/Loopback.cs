using System.Net;
using System.Net.Sockets;

namespace Engram.Cli.Tests;

/// <summary>Loopback addresses for tests that need a server to be absent.</summary>
internal static class Loopback
{
    /// <summary>A loopback port nothing listens on: bound and released, so a connection to it is refused.</summary>
    public static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

using System.Net.Sockets;
using System.Security.Authentication;
using Engram.Errors;

namespace Engram.Remote;

/// <summary>
/// The Engram server could not be reached: its URL and the cause in words a person can act on (connection refused,
/// a host name DNS does not know, a failed TLS handshake, a timeout), never the transport's bare "I/O exception".
/// </summary>
public sealed class ServerUnavailableException : EngramException
{
    /// <summary>Reaching <paramref name="server"/> failed with <paramref name="error"/> (the SDK's or HttpClient's exception, with its causes inside).</summary>
    public ServerUnavailableException(Uri server, Exception error)
        : base(ErrorType.Unavailable, "connection_error", $"could not reach the Engram server at {Shown(server)}: {Cause(server, error)}")
    {
        Server = server;
    }

    /// <summary>The server's URL, as the client was given it.</summary>
    public Uri Server { get; }

    /// <summary>True when <paramref name="error"/> is a request that ran out of time (HttpClient's or the SDK's timeout), not one the caller canceled.</summary>
    public static bool IsTimeout(Exception error) => error is TaskCanceledException && Find<TimeoutException>(error) is not null;

    /// <summary>Why <paramref name="server"/> could not be reached, from the exception and the causes inside it.</summary>
    internal static string Cause(Uri server, Exception error)
    {
        var endpoint = $"{server.Host}:{server.Port}";
        if (Find<TimeoutException>(error) is not null)
        {
            return $"timed out: {endpoint} gave no answer in time";
        }

        var socket = Find<SocketException>(error);
        var detail = socket?.Message ?? Innermost(error).Message;
        return Find<HttpRequestException>(error)?.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => $"DNS: the host name {server.Host} could not be resolved ({detail})",
            HttpRequestError.SecureConnectionError =>
                $"TLS: the secure connection with {endpoint} failed ({Find<AuthenticationException>(error)?.Message ?? detail}); does the server speak https there?",
            HttpRequestError.ConnectionError when socket?.SocketErrorCode == SocketError.ConnectionRefused =>
                $"connection refused: nothing listens on {endpoint}; is `engram serve` running there?",
            HttpRequestError.ConnectionError => $"could not connect to {endpoint} ({detail})",
            HttpRequestError.ResponseEnded => $"{endpoint} closed the connection before it answered",
            HttpRequestError.InvalidResponse => $"{endpoint} did not answer in HTTP ({detail})",
            _ => detail,
        };
    }

    private static string Shown(Uri server) => server.ToString().TrimEnd('/');

    private static T? Find<T>(Exception error)
        where T : Exception
    {
        for (Exception? current = error; current is not null; current = current.InnerException)
        {
            if (current is T found)
            {
                return found;
            }
        }

        return null;
    }

    private static Exception Innermost(Exception error)
    {
        var current = error;
        while (current.InnerException is { } inner)
        {
            current = inner;
        }

        return current;
    }
}

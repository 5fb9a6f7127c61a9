using Engram.Errors;

namespace Engram.Dreaming.Model;

/// <summary>
/// A model provider answered with an HTTP failure. Provider SDKs throw their own types; the model clients
/// translate them into this one (in one place), so the analyzer's retries need to know no SDK.
/// </summary>
public sealed class ModelProviderException : EngramException
{
    /// <summary>The provider's failure: its HTTP <paramref name="status"/>, the retry-after it asked for, and its message.</summary>
    public ModelProviderException(int status, TimeSpan? retryAfter, string message, Exception? cause = null)
        : base(TypeOf(status), CodeOf(status), message)
    {
        Status = status;
        RetryAfter = retryAfter;
        Cause = cause;
    }

    /// <summary>The SDK's own exception, when this one translates it.</summary>
    public Exception? Cause { get; }

    /// <summary>The HTTP status the provider answered.</summary>
    public int Status { get; }

    /// <summary>How long the provider asked to wait before retrying, when it said.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Worth retrying: rate limited (429), overloaded (529) or another server error (5xx).</summary>
    public bool IsTransient => IsTransientStatus(Status);

    /// <summary>429, 529 and every 5xx: the provider may answer later.</summary>
    public static bool IsTransientStatus(int status) => status is 429 or (>= 500 and <= 599);

    /// <summary>The provider's error kind as its API names it, for messages and the dream's error.</summary>
    public static string CodeOf(int status) => status switch
    {
        400 => "invalid_request_error",
        401 => "authentication_error",
        403 => "permission_error",
        404 => "not_found_error",
        413 => "request_too_large",
        429 => "rate_limit_error",
        529 => "overloaded_error",
        0 => "connection_error",
        _ => "api_error",
    };

    private static ErrorType TypeOf(int status) => status switch
    {
        400 or 422 => ErrorType.InvalidRequest,
        401 => ErrorType.Authentication,
        403 => ErrorType.Permission,
        404 => ErrorType.NotFound,
        413 => ErrorType.TooLarge,
        429 => ErrorType.RateLimit,
        _ => ErrorType.Internal,
    };
}

/// <summary>The provider kept answering with transient failures until the analyzer's attempts ran out.</summary>
public sealed class ModelUnavailableException : EngramException
{
    /// <summary>Gave up after <paramref name="attempts"/> attempts; <paramref name="last"/> is the provider's last answer.</summary>
    public ModelUnavailableException(int attempts, ModelProviderException last)
        : base(last.Type, last.Code, $"the model provider answered {last.Status} ({last.Code}) to all {attempts} attempts; gave up: {last.Message}")
    {
        Attempts = attempts;
        Last = last;
    }

    /// <summary>Attempts made, the first included.</summary>
    public int Attempts { get; }

    /// <summary>The provider's last answer.</summary>
    public ModelProviderException Last { get; }
}

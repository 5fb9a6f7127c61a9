using System.Globalization;
using Engram.Errors;
using Engram.Memories;
using Microsoft.AspNetCore.Http;

namespace Engram.Server.Http;

/// <summary>Reads query parameters strictly: a malformed value is refused naming the parameter.</summary>
internal readonly struct QueryReader(IQueryCollection query)
{
    public string? String(string name)
    {
        var values = query[name];
        return values.Count switch
        {
            0 => null,
            1 => values[0],
            _ => throw new InvalidRequestException(name, "was given more than once"),
        };
    }

    /// <summary>Every value of a repeatable parameter.</summary>
    public IReadOnlyList<string> Strings(string name) => query[name].Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).ToList();

    public int? Int(string name) => String(name) is { } text
        ? int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidRequestException(name, $"must be an integer (got \"{text}\")")
        : null;

    public bool Bool(string name) => String(name) switch
    {
        null => false,
        "true" or "1" => true,
        "false" or "0" => false,
        var other => throw new InvalidRequestException(name, $"must be true or false (got \"{other}\")"),
    };

    public DateTimeOffset? Time(string name) => String(name) is { } text
        ? DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value.ToUniversalTime()
            : throw new InvalidRequestException(name, $"must be an RFC 3339 timestamp (got \"{text}\")")
        : null;

    public MemoryView View(MemoryView fallback) => String("view") switch
    {
        null => fallback,
        "basic" => MemoryView.Basic,
        "full" => MemoryView.Full,
        var other => throw new InvalidRequestException("view", $"must be basic or full (got \"{other}\")"),
    };
}

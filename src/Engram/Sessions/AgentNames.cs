using System.Text;

namespace Engram.Sessions;

/// <summary>Agent names made from what a transcript says: a model id becomes a name valid in paths like <c>/agents/{agent}/</c>.</summary>
internal static class AgentNames
{
    /// <summary>The longest agent name (the rule <see cref="Access.AccessService"/> enforces).</summary>
    private const int MaxLength = 64;

    /// <summary>
    /// <paramref name="model"/> as an agent name: the part after its last <c>/</c> (providers prefix model ids:
    /// <c>google/gemini-3-pro-preview</c>, <c>openrouter/anthropic/claude-sonnet-4</c>) made a name by <see cref="FromName"/>.
    /// </summary>
    public static string? FromModel(string? model)
    {
        if (string.IsNullOrWhiteSpace(model))
        {
            return null;
        }

        var name = model.Trim().TrimEnd('/');
        return FromName(name[(name.LastIndexOf('/') + 1)..]);
    }

    /// <summary>
    /// An agent's name as its transcript gives it (<c>Release Bot</c>), made valid in paths: lowercase, every character
    /// other than a letter, digit, <c>-</c>, <c>_</c> or <c>.</c> replaced by <c>-</c>, at most 64 characters; null when
    /// nothing is left.
    /// </summary>
    public static string? FromName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var normalized = new StringBuilder(name.Length);
        foreach (var c in name.Trim().ToLowerInvariant())
        {
            normalized.Append(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.' ? c : '-');
        }

        var result = normalized.ToString().Trim('-');
        if (result.Length > MaxLength)
        {
            result = result[..MaxLength].TrimEnd('-');
        }

        return result.Length == 0 ? null : result;
    }
}

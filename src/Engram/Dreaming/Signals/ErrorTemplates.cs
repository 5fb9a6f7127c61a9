using System.Security.Cryptography;
using System.Text;
using Engram.Sessions;

namespace Engram.Dreaming.Signals;

/// <summary>
/// Reduces tool error text to an <see cref="ErrorTemplate"/>: picks the line that names the failure (a Python
/// traceback's final exception line, else the first line that reads as an error, else the first line), masks
/// secrets and variable parts, and cuts it to a bounded length. Pure: the same text always gives the same template.
/// </summary>
internal static partial class ErrorTemplates
{
    /// <summary>Characters a template keeps: enough for an error's message, short enough to compare and show.</summary>
    public const int MaxTemplateChars = 200;

    /// <summary>Hex characters of the SHA-256 kept as an id: 64 bits, no collisions among the templates of a fleet.</summary>
    public const int IdHexChars = 16;

    /// <summary>The text of an error that has none.</summary>
    public const string EmptyText = "<empty>";

    /// <summary>The template of <paramref name="errorText"/>; see the class for the rules.</summary>
    public static ErrorTemplate Mine(string errorText)
    {
        ArgumentNullException.ThrowIfNull(errorText);
        var line = SecretMasker.Mask(FirstSentence(MeaningfulLine(errorText)), out _);
        var text = Cap(MaskVariables(line));
        return FromText(text.Length == 0 ? EmptyText : text);
    }

    /// <summary>
    /// The first sentence of an error line that goes on with advice (<c>Your edit introduced syntax errors. Please retry
    /// your edit.</c>): versions of a tool word the advice differently and name the error the same way. A sentence ends at
    /// a full stop followed by a space and a capital letter, so <c>foo.bar</c> and <c>e.g. this</c> do not end one.
    /// </summary>
    internal static string FirstSentence(string line)
    {
        for (var i = MinSentenceChars; i < line.Length - 2; i++)
        {
            if (line[i] == '.' && line[i + 1] == ' ' && char.IsUpper(line[i + 2]))
            {
                return line[..(i + 1)];
            }
        }

        return line;
    }

    /// <summary>Characters before a sentence may end: <c>No. 3 failed</c> is not two sentences.</summary>
    private const int MinSentenceChars = 12;

    /// <summary>A template for text that is already masked, with its id.</summary>
    internal static ErrorTemplate FromText(string text) => new(Id(text), text);

    /// <summary>Hex of the SHA-256 of <paramref name="text"/>'s UTF-8, cut to <see cref="IdHexChars"/>.</summary>
    internal static string Id(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..IdHexChars];

    // Cut at the last space before the cap, so no placeholder is left half written.
    private static string Cap(string text)
    {
        if (text.Length <= MaxTemplateChars)
        {
            return text;
        }

        var space = text.LastIndexOf(' ', MaxTemplateChars);
        return (space > 0 ? text[..space] : text[..MaxTemplateChars]).TrimEnd();
    }
}

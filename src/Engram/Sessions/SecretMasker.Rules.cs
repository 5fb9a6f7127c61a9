using System.Buffers;
using System.Text.RegularExpressions;

namespace Engram.Sessions;

internal static partial class SecretMasker
{
    /// <summary>
    /// Applied in this order: a private key first (its body would otherwise feed other rules), then tokens with a
    /// recognizable prefix, then values recognized only by their key name, which skip what is already masked.
    /// </summary>
    private static readonly SecretRule[] Rules =
    [
        new("private-key", PrivateKeyPattern(), StringComparison.Ordinal, "PRIVATE KEY"),
        new("anthropic-key", AnthropicKeyPattern(), StringComparison.Ordinal, "sk-ant-"),
        new("openai-key", OpenAiKeyPattern(), StringComparison.Ordinal, "sk-"),
        new("aws-access-key", AwsAccessKeyPattern(), StringComparison.Ordinal, "AKIA", "ASIA"),
        new("github-token", GitHubTokenPattern(), StringComparison.Ordinal, "ghp_", "gho_", "ghu_", "ghs_", "ghr_"),
        new("github-token", GitHubPatPattern(), StringComparison.Ordinal, "github_pat_"),
        new("slack-token", SlackTokenPattern(), StringComparison.Ordinal, "xox"),
        new("google-api-key", GoogleApiKeyPattern(), StringComparison.Ordinal, "AIza"),
        new("stripe-key", StripeKeyPattern(), StringComparison.Ordinal, "sk_live_", "rk_live_", "sk_test_", "rk_test_"),
        new("engram-key", EngramKeyPattern(), StringComparison.Ordinal, "engram_s"),
        new("jwt", JwtPattern(), StringComparison.Ordinal, "eyJ"),
        new("bearer-token", AuthorizationBearerPattern(), StringComparison.OrdinalIgnoreCase, "authorization"),
        new("basic-auth", AuthorizationBasicPattern(), StringComparison.OrdinalIgnoreCase, "authorization"),
        new("bearer-token", BearerPattern(), StringComparison.OrdinalIgnoreCase, "bearer"),
        new("url-password", UrlPasswordPattern(), StringComparison.Ordinal, "://"),
        new("aws-secret", AwsSecretPattern(), StringComparison.OrdinalIgnoreCase, "secret"),
        new("password", PasswordPattern(), StringComparison.OrdinalIgnoreCase, "passw", "passphrase") { Accepts = IsLiteralValue },
        new("secret", SecretPattern(), StringComparison.OrdinalIgnoreCase, "secret", "private") { Accepts = IsLiteralValue },
        new("token", TokenPattern(), StringComparison.OrdinalIgnoreCase, "token") { Accepts = IsLiteralValue },
        new("api-key", ApiKeyPattern(), StringComparison.OrdinalIgnoreCase, "apikey", "api_key", "api-key", "access") { Accepts = IsLiteralValue },
    ];

    /// <summary>Every substring some rule needs before it can match: text with none of them costs one vectorized scan.</summary>
    private static readonly SearchValues<string> AnyTrigger = SearchValues.Create(
        Rules.SelectMany(rule => rule.TriggerWords).Distinct(StringComparer.OrdinalIgnoreCase).ToArray(),
        StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Words that, written unquoted after a key, are code or a type rather than a value
    /// (<c>password: string</c>, <c>token = None</c>).
    /// </summary>
    private static readonly HashSet<string> CodeWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "string", "str", "int", "integer", "bool", "boolean", "number", "null", "none", "nil", "undefined", "true",
        "false", "required", "optional", "any", "object", "bytes", "char", "text", "varchar", "await", "async", "new",
        "function", "lambda", "typeof", "yield", "require", "import", "return", "void", "default", "self", "this",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> CodeWordLookup =
        CodeWords.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Words in code names have at least two lower-case letters; random mixed case rarely keeps that up.</summary>
    private const int MinWordLowercase = 2;

    private static readonly SearchValues<char> NameCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_");

    /// <summary>
    /// Whether an assigned value is a literal worth masking rather than code or prose: not a code word
    /// (<c>token = await</c>, <c>"token": "string"</c>), a dotted member access (<c>self.token</c>) or a name
    /// (<c>token: Token</c>, <c>key = API_KEY</c>); and after a bare colon, an unquoted word of letters must end its
    /// line, so <c>its secret: enough that</c> is prose while <c>password: postgres</c> is configuration.
    /// </summary>
    private static bool IsLiteralValue(Match match)
    {
        var value = match.Groups["secret"].ValueSpan;
        if (CodeWordLookup.Contains(value) || IsMemberAccess(value) || IsTypeOrConstantName(value))
        {
            return false;
        }

        var prose = match.Groups["colon"].Success && !match.Groups["quote"].Success && !match.Groups["ends"].Success;
        return !prose || value.ContainsAnyExcept(NameCharacters);
    }

    /// <summary>
    /// An upper-case constant (<c>API_KEY</c>) or a camel- or Pascal-case name whose every capital starts a word of
    /// two or more lower-case letters (<c>Token</c>, <c>authToken</c>); random mixed case (<c>aBcDeF</c>) is not a
    /// name. Lower-case words stay literals, since <c>password: postgres</c> is a real configuration.
    /// </summary>
    private static bool IsTypeOrConstantName(ReadOnlySpan<char> value)
    {
        if (value.ContainsAnyExcept(NameCharacters) || !value.ContainsAnyInRange('A', 'Z'))
        {
            return false;
        }

        if (!value.ContainsAnyInRange('a', 'z'))
        {
            return value.Contains('_');
        }

        var lowercaseRun = MinWordLowercase;
        foreach (var c in value)
        {
            if (char.IsAsciiLetterUpper(c))
            {
                if (lowercaseRun < MinWordLowercase)
                {
                    return false;
                }

                lowercaseRun = 0;
            }
            else if (char.IsAsciiLetterLower(c))
            {
                lowercaseRun++;
            }
            else
            {
                return false;
            }
        }

        return lowercaseRun >= MinWordLowercase;
    }

    private static bool IsMemberAccess(ReadOnlySpan<char> value)
    {
        var dots = 0;
        var segmentStart = true;
        foreach (var c in value)
        {
            if (c == '.')
            {
                if (segmentStart)
                {
                    return false;
                }

                dots++;
                segmentStart = true;
            }
            else if (segmentStart ? char.IsAsciiLetter(c) || c == '_' : char.IsAsciiLetterOrDigit(c) || c == '_')
            {
                segmentStart = false;
            }
            else
            {
                return false;
            }
        }

        return dots > 0 && !segmentStart;
    }

    /// <summary>One kind of secret: its pattern, and the substrings without which the pattern cannot match.</summary>
    private sealed class SecretRule(string kind, Regex pattern, StringComparison comparison, params string[] triggerWords)
    {
        public string Kind { get; } = kind;

        public Regex Pattern { get; } = pattern;

        /// <summary>The group replaced by the marker; the whole match when the pattern has no <c>secret</c> group.</summary>
        public int SecretGroup { get; } = pattern.GroupNumberFromName("secret");

        public string[] TriggerWords { get; } = triggerWords;

        public SearchValues<string> Triggers { get; } = SearchValues.Create(triggerWords, comparison);

        /// <summary>A last say on a match the pattern alone cannot judge; null accepts every match.</summary>
        public Func<Match, bool>? Accepts { get; init; }
    }
}

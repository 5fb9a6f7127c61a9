using System.Text.RegularExpressions;
using Engram.Access;

namespace Engram.Sessions;

// Every pattern starts with a literal so the generated matcher finds candidates with a vectorized search, and
// every repetition is bounded or atomic so no input makes a scan superlinear.
internal static partial class SecretMasker
{
    private const RegexOptions Exact = RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;
    private const RegexOptions AnyCase = Exact | RegexOptions.IgnoreCase;

    /// <summary>A guard, not a budget: bounded patterns finish in microseconds; only a regression could take this long.</summary>
    private const int ScanGuardMilliseconds = 5_000;

    /// <summary>
    /// Checked just after a token's literal prefix of N characters (<c>StartsOfN</c>), since a check before it
    /// would cost the vectorized search: the token starts a word, so <c>task-</c> is not <c>sk-</c>, or follows a
    /// JSON escape such as <c>\n</c>, since raw JSON lines are masked too. A backslash just before counts as part
    /// of a word, so the <c>r</c> of an escaped <c>\r</c> never starts a replaced token.
    /// </summary>
    private const string TokenChar = @"[A-Za-z0-9_\\-]";
    private const string StartsOf3 = $@"(?:(?<!{TokenChar}.{{3}})|(?<=\\[nrt].{{3}}))";
    private const string StartsOf4 = $@"(?:(?<!{TokenChar}.{{4}})|(?<=\\[nrt].{{4}}))";
    private const string StartsOf5 = $@"(?:(?<!{TokenChar}.{{5}})|(?<=\\[nrt].{{5}}))";
    private const string StartsOf6 = $@"(?:(?<!{TokenChar}.{{6}})|(?<=\\[nrt].{{6}}))";
    private const string StartsOf7 = $@"(?:(?<!{TokenChar}.{{7}})|(?<=\\[nrt].{{7}}))";
    private const string StartsOf8 = $@"(?:(?<!{TokenChar}.{{8}})|(?<=\\[nrt].{{8}}))";
    private const string StartsOf10 = $@"(?:(?<!{TokenChar}.{{10}})|(?<=\\[nrt].{{10}}))";
    private const string StartsOf11 = $@"(?:(?<!{TokenChar}.{{11}})|(?<=\\[nrt].{{11}}))";

    /// <summary>
    /// What follows a key such as <c>password</c>: its closing quote (possibly JSON-escaped), <c>=</c>, <c>:</c>,
    /// <c>:=</c> or <c>=&gt;</c> on the same line, then the value, which is the <c>secret</c> group. A quoted value
    /// runs to its closing quote; an unquoted one to whitespace or punctuation, and is refused when a call or
    /// index follows it (<c>os.getenv(</c>). Placeholders (<c>$VAR</c>, <c>%VAR%</c>, <c>{{x}}</c>, <c>&lt;token&gt;</c>)
    /// and markers already written are left alone. The <c>colon</c> and <c>ends</c> groups tell prose
    /// (<c>its token: shown once</c>) from YAML (<c>password: postgres</c> ending its line).
    /// </summary>
    private const string AssignedValue =
        @"(?:\\?[""'])?[ \t]*(?::=|=>|=|(?<colon>:))[ \t]*" +
        @"(?:(?<quote>\\?[""'])(?![$%<{]|\[REDACTED:)(?<secret>[^""'\\\r\n]{1,256})" +
        @"|(?![$%])(?<secret>(?>[^\s""'\\,;&<>(){}\[\]`|]{3,256}))(?![(\[])(?<ends>(?=[\r\n,;}\]#\\""']|$))?)";

    [GeneratedRegex(@"-----BEGIN[A-Z0-9 ]{0,30}PRIVATE KEY(?: BLOCK)?-----(?:(?!-----END)(?:\\[nrt/]|[A-Za-z0-9+/=\s:,.-])){0,20000}(?:-----END[A-Z0-9 ]{0,30}PRIVATE KEY(?: BLOCK)?-----)?", Exact, ScanGuardMilliseconds)]
    private static partial Regex PrivateKeyPattern();

    [GeneratedRegex(@"sk-ant-" + StartsOf7 + @"[A-Za-z0-9_-]{20,400}", Exact, ScanGuardMilliseconds)]
    private static partial Regex AnthropicKeyPattern();

    [GeneratedRegex(@"sk-" + StartsOf3 + @"(?:(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,400}|[A-Za-z0-9]{32,400})", Exact, ScanGuardMilliseconds)]
    private static partial Regex OpenAiKeyPattern();

    [GeneratedRegex(@"(?:AKIA|ASIA)" + StartsOf4 + @"[A-Z0-9]{16}(?![A-Za-z0-9])", Exact, ScanGuardMilliseconds)]
    private static partial Regex AwsAccessKeyPattern();

    [GeneratedRegex(@"secret_?access_?key" + AssignedValue, AnyCase, ScanGuardMilliseconds)]
    private static partial Regex AwsSecretPattern();

    [GeneratedRegex(@"gh[pousr]_" + StartsOf4 + @"[A-Za-z0-9]{36,255}", Exact, ScanGuardMilliseconds)]
    private static partial Regex GitHubTokenPattern();

    [GeneratedRegex(@"github_pat_" + StartsOf11 + @"[A-Za-z0-9_]{22,255}", Exact, ScanGuardMilliseconds)]
    private static partial Regex GitHubPatPattern();

    [GeneratedRegex(@"xox[abeoprs]-" + StartsOf5 + @"[A-Za-z0-9-]{10,255}", Exact, ScanGuardMilliseconds)]
    private static partial Regex SlackTokenPattern();

    [GeneratedRegex(@"AIza" + StartsOf4 + @"[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])", Exact, ScanGuardMilliseconds)]
    private static partial Regex GoogleApiKeyPattern();

    [GeneratedRegex(@"(?:sk|rk)_(?:live|test)_" + StartsOf8 + @"[A-Za-z0-9]{16,255}", Exact, ScanGuardMilliseconds)]
    private static partial Regex StripeKeyPattern();

    [GeneratedRegex(@"eyJ" + StartsOf3 + @"[A-Za-z0-9_-]{8,4096}\.eyJ[A-Za-z0-9_-]{8,8192}\.[A-Za-z0-9_-]{0,4096}", Exact, ScanGuardMilliseconds)]
    private static partial Regex JwtPattern();

    [GeneratedRegex(@"authorization(?:\\?[""'])?[ \t]*[:=][ \t]*(?:\\?[""'])?bearer[ \t]+(?<secret>[A-Za-z0-9._~+/-]{6,4096}=*)", AnyCase, ScanGuardMilliseconds)]
    private static partial Regex AuthorizationBearerPattern();

    [GeneratedRegex(@"authorization(?:\\?[""'])?[ \t]*[:=][ \t]*(?:\\?[""'])?basic[ \t]+(?<secret>[A-Za-z0-9+/]{6,4096}=*)", AnyCase, ScanGuardMilliseconds)]
    private static partial Regex AuthorizationBasicPattern();

    [GeneratedRegex(@"bearer" + StartsOf6 + @"[ \t]+(?<secret>[A-Za-z0-9._~+/-]{20,4096}=*)", AnyCase, ScanGuardMilliseconds)]
    private static partial Regex BearerPattern();

    [GeneratedRegex(@"://[^\s:/?#@""'\\<>\[\]]{0,128}:(?!\[REDACTED:)(?<secret>[^\s/?#@""'\\<>]{1,256})@", Exact, ScanGuardMilliseconds)]
    private static partial Regex UrlPasswordPattern();

    [GeneratedRegex("(?:" + ApiKey.SecretPrefix + "|" + AccessService.SessionTokenPrefix + ")" + StartsOf10 + @"[A-Za-z0-9_-]{16,128}", Exact, ScanGuardMilliseconds)]
    private static partial Regex EngramKeyPattern();

    [GeneratedRegex(@"(?:password|passwd(?<!/passwd)|passphrase)" + AssignedValue, AnyCase, ScanGuardMilliseconds)]
    private static partial Regex PasswordPattern();

    [GeneratedRegex(@"(?:secret(?:[_-]?key)?|private[_-]?key)" + AssignedValue, AnyCase, ScanGuardMilliseconds)]
    private static partial Regex SecretPattern();

    // Spelled out rather than IgnoreCase: a case-insensitive "k" also matches the Kelvin sign, which would cut the
    // searched literal to "to".
    [GeneratedRegex(@"(?:token|Token|TOKEN)" + AssignedValue, Exact, ScanGuardMilliseconds)]
    private static partial Regex TokenPattern();

    [GeneratedRegex(@"(?:api[_-]?key|access[_-]?key)" + AssignedValue, AnyCase, ScanGuardMilliseconds)]
    private static partial Regex ApiKeyPattern();
}

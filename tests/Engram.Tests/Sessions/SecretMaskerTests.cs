using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CsCheck;
using Engram.Sessions;

namespace Engram.Tests.Sessions;

public sealed class SecretMaskerTests
{
    private const string AnthropicKey = "sk-ant-api03-Xq7vR2mB9kLp4TzW8nYc3HdF6sJa1GeU5oQi0VbNrZx_MtKwPl-EyAh7CjDs2GfR9uTo4Lk8BnW3qZ6mVx1YcHe5Np0SdAA";

    [Theory]
    [InlineData("anthropic-key", "export ANTHROPIC=" + AnthropicKey, AnthropicKey)]
    [InlineData("openai-key", "key sk-proj-Zt4Wq9Lm2Xc7Vb1Nk8Hd3Fg6Js0Pa5Ty_Re-Uo2Qi9Mn4Bv7Cx1 used", "sk-proj-Zt4Wq9Lm2Xc7Vb1Nk8Hd3Fg6Js0Pa5Ty_Re-Uo2Qi9Mn4Bv7Cx1")]
    [InlineData("openai-key", "OPENAI=sk-Zt4Wq9Lm2Xc7Vb1Nk8Hd3Fg6Js0Pa5TyRe4Uo2Qi9Mn4Bv7C", "sk-Zt4Wq9Lm2Xc7Vb1Nk8Hd3Fg6Js0Pa5TyRe4Uo2Qi9Mn4Bv7C")]
    [InlineData("aws-access-key", "aws_access_key_id = AKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE")]
    [InlineData("aws-access-key", "temporary ASIAZ3MXQ7W2LP9KD4RT in use", "ASIAZ3MXQ7W2LP9KD4RT")]
    [InlineData("aws-secret", "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")]
    [InlineData("aws-secret", "{\"SecretAccessKey\": \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"}", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")]
    [InlineData("github-token", "remote https token ghp_Zt4Wq9Lm2Xc7Vb1Nk8Hd3Fg6Js0Pa5TyRe4U", "ghp_Zt4Wq9Lm2Xc7Vb1Nk8Hd3Fg6Js0Pa5TyRe4U")]
    [InlineData("github-token", "GH=github_pat_11AZT4WQ90abcDEFghiJKL_mnoPQRstuVWXyz0123456789abcdEFGHijklMNOPqrstUVWXyz01234567", "github_pat_11AZT4WQ90abcDEFghiJKL_mnoPQRstuVWXyz0123456789abcdEFGHijklMNOPqrstUVWXyz01234567")]
    [InlineData("slack-token", "SLACK_BOT=xoxb-2048213377-5520349817-Zt4Wq9Lm2Xc7Vb1Nk8Hd3Fg6", "xoxb-2048213377-5520349817-Zt4Wq9Lm2Xc7Vb1Nk8Hd3Fg6")]
    [InlineData("google-api-key", "maps key=AIzaSyDZt4Wq9Lm2Xc7Vb1Nk8Hd3Fg6Js0Pa5Ty", "AIzaSyDZt4Wq9Lm2Xc7Vb1Nk8Hd3Fg6Js0Pa5Ty")]
    [InlineData("stripe-key", "Stripe.api = 'sk_live_51HZt4Wq9Lm2Xc7Vb1Nk8Hd3Fg6'", "sk_live_51HZt4Wq9Lm2Xc7Vb1Nk8Hd3Fg6")]
    [InlineData("stripe-key", "restricted rk_live_51HZt4Wq9Lm2Xc7Vb1Nk8Hd3Fg6 key", "rk_live_51HZt4Wq9Lm2Xc7Vb1Nk8Hd3Fg6")]
    [InlineData("jwt", "cookie=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U;", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U")]
    [InlineData("bearer-token", "curl -H \"Authorization: Bearer 9f8e7d6c5b4a\" https://api.example.com", "9f8e7d6c5b4a")]
    [InlineData("bearer-token", "> Bearer Zt4Wq9Lm2Xc7Vb1Nk8Hd3Fg6Js0Pa5", "Zt4Wq9Lm2Xc7Vb1Nk8Hd3Fg6Js0Pa5")]
    [InlineData("basic-auth", "Authorization: Basic YWxhZGRpbjpvcGVuc2VzYW1l", "YWxhZGRpbjpvcGVuc2VzYW1l")]
    [InlineData("url-password", "DATABASE_URL=postgres://app:Tr0ub4dor%263@db.internal:5432/app", "Tr0ub4dor%263")]
    [InlineData("password", "PGPASSWORD=correct-horse-battery psql -h db", "correct-horse-battery")]
    [InlineData("secret", "client_secret: 8c1f0b7e-auth-4411", "8c1f0b7e-auth-4411")]
    [InlineData("token", "refresh_token=1//0gZt4Wq9Lm2Xc7Vb1Nk8", "1//0gZt4Wq9Lm2Xc7Vb1Nk8")]
    [InlineData("api-key", "x-api-key: 7d1c0e2f9a8b", "7d1c0e2f9a8b")]
    [InlineData("engram-key", "ENGRAM_KEY=engram_sk_Zt4Wq9Lm2Xc7Vb1Nk8Hd3Fg6Js0Pa5TyRe4Uo2Qi9Mn4", "engram_sk_Zt4Wq9Lm2Xc7Vb1Nk8Hd3Fg6Js0Pa5TyRe4Uo2Qi9Mn4")]
    [InlineData("engram-key", "session engram_st_Zt4Wq9Lm2Xc7Vb1Nk8Hd3Fg6Js0Pa5TyRe4Uo2Qi9Mn4 attached", "engram_st_Zt4Wq9Lm2Xc7Vb1Nk8Hd3Fg6Js0Pa5TyRe4Uo2Qi9Mn4")]
    public void Each_kind_is_replaced_by_its_marker_and_its_text_does_not_survive(string kind, string text, string secret)
    {
        var result = SecretMasker.Mask(text, out var masked);

        Assert.Equal(1, masked);
        Assert.Contains($"[REDACTED:{kind}]", result, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, result, StringComparison.Ordinal);
        Assert.Equal(text.Replace(secret, $"[REDACTED:{kind}]", StringComparison.Ordinal), result);
    }

    [Fact]
    public void A_private_key_is_replaced_from_its_begin_line_to_its_end_line()
    {
        var text = "key:\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU=\nAAAAC3NzaC1lZDI1NTE5\n-----END OPENSSH PRIVATE KEY-----\ndone";

        var result = SecretMasker.Mask(text, out var masked);

        Assert.Equal(1, masked);
        Assert.Equal("key:\n[REDACTED:private-key]\ndone", result);
    }

    [Fact]
    public void A_private_key_with_json_escaped_newlines_is_masked_and_the_line_still_parses()
    {
        var line = """{"type":"user","message":{"content":[{"type":"tool_result","content":"$ cat id_rsa\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAq7vR2mB9kLp4TzW8nYc3\nHdF6sJa1GeU5oQi0VbNrZx+Mt/KwPl==\n-----END RSA PRIVATE KEY-----\n\"quoted\" tail"}]}}""";

        var result = SecretMasker.Mask(line, out var masked);

        Assert.Equal(1, masked);
        Assert.DoesNotContain("MIIEowIBAAKCAQEA", result, StringComparison.Ordinal);
        using var parsed = JsonDocument.Parse(result);
        var content = parsed.RootElement.GetProperty("message").GetProperty("content")[0].GetProperty("content").GetString();
        Assert.Equal("$ cat id_rsa\n[REDACTED:private-key]\n\"quoted\" tail", content);
    }

    [Fact]
    public void A_truncated_private_key_is_still_masked()
    {
        var text = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7";

        var result = SecretMasker.Mask(text, out _);

        Assert.Equal("[REDACTED:private-key]", result);
    }

    [Theory]
    [InlineData("{\"password\":\"hunter2\"}", "{\"password\":\"[REDACTED:password]\"}")]
    [InlineData("{\"api_key\": \"abc123xyz\", \"n\": 1}", "{\"api_key\": \"[REDACTED:api-key]\", \"n\": 1}")]
    [InlineData("{\"cmd\":\"export DB_PASSWORD=\\\"s3cr3t!\\\" && run\"}", "{\"cmd\":\"export DB_PASSWORD=\\\"[REDACTED:password]\\\" && run\"}")]
    [InlineData("password: 'pa ss word'", "password: '[REDACTED:password]'")]
    [InlineData("db:\n  password: postgres\n  user: app", "db:\n  password: [REDACTED:password]\n  user: app")]
    [InlineData("API_TOKEN=aBcDeFgHiJkLmNoP", "API_TOKEN=[REDACTED:token]")]
    [InlineData("session token: 4f9a2c71e8 expires in 1h", "session token: [REDACTED:token] expires in 1h")]
    [InlineData("Server=db;User Id=sa;Password=MyPass123;", "Server=db;User Id=sa;Password=[REDACTED:password];")]
    [InlineData("https://api.example.com/v1?access_token=abc123def&page=2", "https://api.example.com/v1?access_token=[REDACTED:token]&page=2")]
    [InlineData("line one\\nsk-ant-api03-Xq7vR2mB9kLp4TzW8nYc3HdF6sJa1GeU5oQi0\\nnext", "line one\\n[REDACTED:anthropic-key]\\nnext")]
    [InlineData("redis://:p4ssw0rd@cache:6379", "redis://:[REDACTED:url-password]@cache:6379")]
    public void Assignments_keep_the_key_and_quotes_and_mask_only_the_value(string text, string expected)
    {
        Assert.Equal(expected, SecretMasker.Mask(text, out _));
    }

    [Theory]
    [InlineData("the token was refreshed after the password field is required check")]
    [InlineData("pip install scikit-learn; import sklearn; sk-learn is a nickname")]
    [InlineData("task-3f786850e387550fdab836ed7e6dc881de23001b risk-assessment-for-the-whole-quarter-report")]
    [InlineData("commit 3f786850e387550fdab836ed7e6dc881de23001b merged")]
    [InlineData("id 123e4567-e89b-12d3-a456-426614174000 and 9b2c4d6e-1f3a-4b5c-8d7e-0a1b2c3d4e5f")]
    [InlineData("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")]
    [InlineData("{\"usage\":{\"input_tokens\":12,\"output_tokens\":345,\"cache_read_input_tokens\":0,\"max_tokens\":4096}}")]
    [InlineData("def login(password: str, token: Optional[str] = None) -> bool:")]
    [InlineData("interface Props { password: string; apiKey: string | null }")]
    [InlineData("token = self.token; api_key = settings.API_KEY; secret = os.environ[\"SECRET\"]")]
    [InlineData("token = os.getenv(\"TOKEN\"); password=$DB_PASSWORD; secret: ${{ secrets.DEPLOY_KEY }}")]
    [InlineData("{\"password\": {\"type\": \"string\", \"minLength\": 12}, \"token\": null, \"secret\": false}")]
    [InlineData("const slowToken = await handleToken(token); export async function cacheToken(token: Token) {")]
    [InlineData("api_key = API_KEY; let authToken: AuthToken; password = new")]
    [InlineData("A session as registered, with its token: shown once. Random bytes in a secret: enough that SHA-256 is safe.")]
    [InlineData("{\"Logging\": {\"Microsoft.AspNetCore.Authentication.BearerToken\": \"Warning\"}}")]
    [InlineData("tokenizer = AutoTokenizer.from_pretrained(name); secretary: Alice; secretName: db-creds")]
    [InlineData("$ cat /etc/passwd: root:x:0:0:root:/root:/bin/bash")]
    [InlineData("see https://example.com:8080/path?email=a@b.com and ssh://git@github.com:22/org/repo")]
    [InlineData("Bearer tokens are sent in the Authorization header; use Bearer <token> or Bearer $TOKEN")]
    [InlineData("The AKIA prefix marks access keys; AIza marks Google keys; ghp_ marks GitHub tokens.")]
    public void Ordinary_prose_and_code_are_left_unchanged(string text)
    {
        var result = SecretMasker.Mask(text, out var masked);

        Assert.Equal(0, masked);
        Assert.Same(text, result);
    }

    [Fact]
    public void Text_without_any_trigger_is_returned_as_the_same_instance()
    {
        var text = "Refactor the parser so the reader streams lines instead of loading the file.";

        Assert.False(SecretMasker.MightContainSecret(text));
        Assert.Same(text, SecretMasker.Mask(text, out var masked));
        Assert.Equal(0, masked);
    }

    [Theory]
    [InlineData("password=")]
    [InlineData("sk-ant-")]
    [InlineData("eyJaaaaaaaaa.")]
    [InlineData("eyJ-")]
    [InlineData("://a:")]
    [InlineData("-----BEGIN PRIVATE KEY-----")]
    [InlineData("Authorization: Bearer ")]
    [InlineData("token: \"")]
    [InlineData("aaaa")]
    public void A_megabyte_of_a_repeated_trigger_is_scanned_to_the_end(string unit)
    {
        var line = new StringBuilder(1 << 20);
        while (line.Length < 1 << 20)
        {
            line.Append(unit);
        }

        var text = line.ToString();
        var result = SecretMasker.Mask(text, out _);

        Assert.Equal(result, SecretMasker.Mask(result, out _));
    }

    /// <summary>Words and separators that hold no trigger, so text made of them must come back untouched.</summary>
    private static readonly string[] SafeWords =
    [
        "refactor", "the", "parser", "so", "reader", "streams", "lines", "build", "failed", "on", "main", "tests",
        "pass", "now", "user", "request", "handler", "returns", "404", "config", "value", "cache", "miss", "retry",
        "after", "timeout", "commit", "3f786850e387", "src/app/index.ts", "README.md", "npm", "run", "lint", "fix",
        "null", "undefined", "Error:", "ENOENT", "file", "not", "found", "at", "line", "42", "deploy", "staging",
        "schema", "migration", "v2", "index", "query", "plan", "p99", "latency", "ms", "OK", "=", ":", "-", "_",
        "(", ")", "[", "]", "{", "}", ",", ".", "\"", "'", "/", "@", "#", "key", "id", "uuid", "hash", "base64",
    ];

    private static readonly string[] Separators = [" ", " ", " ", "\n", ", ", "\t", "; "];

    private static readonly Gen<string> SafeText =
        Gen.Select(Gen.Int[0, SafeWords.Length - 1], Gen.Int[0, Separators.Length - 1])
            .Select((word, separator) => SafeWords[word] + Separators[separator])
            .Array[0, 40]
            .Select(string.Concat);

    private const string Alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private const string UpperAlphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private const string Base64Url = Alphanumeric + "_-";
    private const string Base64 = Alphanumeric + "+/";

    private static Gen<string> Chars(string alphabet, int min, int max) =>
        Gen.Int[0, alphabet.Length - 1].Array[min, max].Select(indexes => new string(indexes.Select(i => alphabet[i]).ToArray()));

    /// <summary>An assigned value; its digit keeps it from reading as a camel-case name, which is left alone as code.</summary>
    private static Gen<string> Value(string alphabet, int min, int max) =>
        Gen.Select(Chars(alphabet, min - 1, max - 1), Gen.Int[0, 9], Gen.Int[0, max]).Select((value, digit, at) =>
            value.Insert(Math.Min(at, value.Length), digit.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>A secret of each kind, as (text holding it, the secret itself).</summary>
    private static readonly Gen<(string Text, string Secret)> AnySecret = Gen.OneOf(
        Chars(Base64Url, 93, 93).Select(s => Whole("sk-ant-api03-" + s + "AA")),
        Chars(Base64Url, 48, 120).Select(s => Whole("sk-proj-" + s)),
        Chars(Alphanumeric, 48, 48).Select(s => Whole("sk-" + s)),
        Gen.Select(Gen.OneOf<string>("AKIA", "ASIA"), Chars(UpperAlphanumeric, 16, 16)).Select((p, s) => Whole(p + s)),
        Chars(Base64, 40, 40).Select(s => ("aws_secret_access_key = " + s, s)),
        Gen.Select(Gen.OneOf<string>("ghp_", "gho_", "ghu_", "ghs_", "ghr_"), Chars(Alphanumeric, 36, 36)).Select((p, s) => Whole(p + s)),
        Chars(Alphanumeric + "_", 82, 82).Select(s => Whole("github_pat_" + s)),
        Gen.Select(Gen.OneOf<string>("xoxb-", "xoxp-", "xoxa-"), Chars("0123456789", 10, 12), Chars(Alphanumeric, 24, 24)).Select((p, n, s) => Whole(p + n + "-" + s)),
        Chars(Base64Url, 35, 35).Select(s => Whole("AIza" + s)),
        Gen.Select(Gen.OneOf<string>("sk_live_", "rk_live_"), Chars(Alphanumeric, 24, 99)).Select((p, s) => Whole(p + s)),
        Gen.Select(Chars(Base64Url, 16, 40), Chars(Base64Url, 20, 200), Chars(Base64Url, 43, 43)).Select((h, p, s) => Whole("eyJ" + h + ".eyJ" + p + "." + s)),
        Chars(Base64Url + ".~", 20, 80).Select(s => ("Authorization: Bearer " + s, s)),
        Gen.Select(Chars(Base64, 64, 64).Array[3, 20], Gen.OneOf<string>("\n", "\\n")).Select((lines, newline) =>
            Whole("-----BEGIN RSA PRIVATE KEY-----" + newline + string.Join(newline, lines) + "==" + newline + "-----END RSA PRIVATE KEY-----")),
        Chars(Alphanumeric + "!*_-~", 12, 32).Select(s => ("postgres://app:" + s + "@db.internal:5432/app", s)),
        Gen.Select(Gen.OneOf<string>("password=", "DB_PASSWORD: ", "\"password\": \"", "passphrase = '"), Value(Alphanumeric + "!#*", 12, 32)).Select((k, s) => (k + s, s)),
        Gen.Select(Gen.OneOf<string>("client_secret=", "SECRET_KEY: ", "access_token=", "\"refresh_token\":\"", "api_key=", "x-api-key: "), Value(Alphanumeric, 12, 40)).Select((k, s) => (k + s, s)),
        Gen.Select(Gen.OneOf<string>("engram_sk_", "engram_st_"), Chars(Base64Url, 43, 43)).Select((p, s) => Whole(p + s)));

    private static (string Text, string Secret) Whole(string secret) => (secret, secret);

    private static bool Survives(string secret, string text)
    {
        const int Window = 12;
        for (var i = 0; i + Window <= secret.Length; i++)
        {
            if (text.Contains(secret.AsSpan(i, Window), StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    [Fact]
    public void A_secret_glued_to_the_end_of_another_is_masked_in_the_same_call()
    {
        // Found by the idempotence property (seed fmTB-LJhHfo3): the key's pattern stops at its length limit, and the
        // GitHub token glued after it only matched once the key had become a marker.
        const string glued = "engram_sk_PKktRAnP-5066hCvSEtHXtxc9_djVHyXaKhGhVhPXM-sk-proj-wl3ybcxlrLqrgqzybaAgfNjWjbaWZeTWettJl9iVT_obiwlP8A-vC7VJSonuSCuN2q5PpfQCNE_qp"
            + "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eyJ50R_81tpem5jL0bC7EfdYm2JiJ";

        var once = SecretMasker.Mask(glued, out _);

        Assert.DoesNotContain("github_pat_", once, StringComparison.Ordinal);
        Assert.Same(once, SecretMasker.Mask(once, out var again));
        Assert.Equal(0, again);
    }

    [Fact]
    public void Masking_is_idempotent()
    {
        var piece = Gen.OneOf(SafeText, AnySecret.Select(secret => secret.Text), Gen.OneOf<string>("password=", "token: \"", "://u:", "@", "sk-", "Bearer ", "eyJ", "\\"));
        piece.Array[1, 8].Select(string.Concat).Sample(text =>
        {
            var once = SecretMasker.Mask(text, out _);
            var twice = SecretMasker.Mask(once, out var maskedAgain);
            Assert.Same(once, twice);
            Assert.Equal(0, maskedAgain);
        }, iter: 5_000);
    }

    [Fact]
    public void Text_made_of_safe_words_is_unchanged()
    {
        SafeText.Sample(text =>
        {
            Assert.False(SecretMasker.MightContainSecret(text));
            Assert.Same(text, SecretMasker.Mask(text, out var masked));
            Assert.Equal(0, masked);
        }, iter: 5_000);
    }

    [Fact]
    public void A_secret_of_any_kind_embedded_in_safe_text_is_masked_entirely()
    {
        Gen.Select(SafeText, AnySecret, SafeText).Sample((before, secret, after) =>
        {
            var text = before + " " + secret.Text + " " + after;
            var result = SecretMasker.Mask(text, out var masked);
            Assert.True(masked >= 1);
            Assert.False(Survives(secret.Secret, result), result);
        }, iter: 5_000);
    }

    [Fact]
    public void Masking_a_json_document_keeps_it_valid_and_masks_its_values()
    {
        var options = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        Gen.Select(SafeText, AnySecret, SafeText).Sample((before, secret, after) =>
        {
            // A real newline, quote or backslash in the value is escaped by the writer, as Claude Code writes it.
            var value = (before + "\n" + secret.Text + "\"" + after).Replace("\\n", "\n", StringComparison.Ordinal);
            var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, options))
            {
                writer.WriteStartObject();
                writer.WriteString("type", "tool_result");
                writer.WriteString("content", value);
                writer.WriteEndObject();
            }

            var json = Encoding.UTF8.GetString(buffer.ToArray());
            var result = SecretMasker.Mask(json, out _);

            using var parsed = JsonDocument.Parse(result);
            var content = parsed.RootElement.GetProperty("content").GetString()!;
            Assert.False(Survives(secret.Secret, content), content);
        }, iter: 5_000);
    }

    [Theory]
    [InlineData("anthropic-key", "{\"text\":\"key sk\\u002dant\\u002dapi03\\u002dXq7vR2mB9kLp4TzW8nYc3HdF6sJa1GeU5oQi0VbNrZx_MtKwPl-EyAh7CjDs2GfR9uTo4Lk8BnW3qZ6mVx1YcHe5Np0SdAA\"}")]
    [InlineData("aws-access-key", "{\"env\":\"aws_access_key_id = AKIA\\u0049OSFODNN7EXAMPLE\"}")]
    [InlineData("anthropic-key", "{\"text\":\"\\u0073\\u006b-ant-api03-Xq7vR2mB9kLp4TzW8nYc3HdF6sJa1GeU5oQi0VbNrZx_MtKwPl-EyAh7CjDs2GfR9uTo4Lk8BnW3qZ6mVx1YcHe5Np0SdAA \\ud83d\\ude00\"}")]
    public void A_secret_written_with_json_unicode_escapes_is_masked_and_the_record_stays_the_same_json(string kind, string record)
    {
        var masked = SecretMasker.MaskEscaped(record, out var count);

        Assert.Equal(1, count);
        var value = JsonDocument.Parse(masked).RootElement.EnumerateObject().Single().Value.GetString()!;
        Assert.Contains($"[REDACTED:{kind}]", value, StringComparison.Ordinal);
        Assert.DoesNotContain("OSFODNN7", value, StringComparison.Ordinal);
        Assert.DoesNotContain("Xq7vR2mB9", value, StringComparison.Ordinal);
        Assert.Equal(record, SecretMasker.Mask(record, out _)); // the plain masker cannot see through the escapes
    }

    [Theory]
    [InlineData("{\"a\":\"no secret \\u002d here\"}")]
    [InlineData("{\"a\":\"\\\\u002d is a backslash and u\"}")]
    [InlineData("{\"a\":\"\\u0022 \\u005c \\u000a \\ud83d\"}")]
    public void Escapes_are_kept_as_they_are_when_no_secret_hides_behind_them(string record) =>
        Assert.Same(record, SecretMasker.MaskEscaped(record, out _));

    [Fact]
    public void Decoding_escapes_never_changes_what_the_json_means() =>
        Gen.OneOf(Gen.Char[' ', '~'], Gen.Char["é\n\"\\\u2028<+"]).Array[0, 40].Sample(chars =>
        {
            var text = new string(chars);
            var escaped = JsonSerializer.Serialize(text, new JsonSerializerOptions { Encoder = JavaScriptEncoder.Default });
            var decoded = SecretMasker.DecodeUnicodeEscapes(escaped);
            Assert.Equal(text, JsonSerializer.Deserialize<string>(decoded));
        });
}

using System.Text.Json;

namespace Engram.Bench;

/// <summary>
/// What a person reading each corpus expects a dream to find (<c>bench/expectations/dream-eval.json</c>), written
/// down before the dream was tuned on it: the spec <see cref="DreamEval"/> measures against.
/// </summary>
internal sealed record DreamExpectations(string About, IReadOnlyList<CorpusExpectations> Corpora)
{
    /// <summary>Where the file lies under the repository root.</summary>
    public const string RelativePath = "bench/expectations/dream-eval.json";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
    };

    /// <summary>The expectations in <paramref name="path"/>; a malformed file throws <see cref="JsonException"/>.</summary>
    public static async Task<DreamExpectations> LoadAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        var expectations = await JsonSerializer.DeserializeAsync<DreamExpectations>(stream, Json, cancellationToken)
            ?? throw new JsonException($"{path} holds null");
        var unnamed = expectations.Corpora.SelectMany(c => c.Expected.Cast<IPatternMatcher>().Concat(c.NotExpected))
            .FirstOrDefault(m => m.Signature is null && m.SignaturePrefix is null);
        return unnamed is null ? expectations : throw new JsonException($"'{unnamed.Id}' names no pattern: give signature or signature_prefix");
    }
}

/// <summary>One corpus: an <c>archive</c> in the corpora folder or a <c>directory</c> relative to the repository root, and what a person found in it.</summary>
internal sealed record CorpusExpectations(
    string Name,
    string Description,
    IReadOnlyList<ExpectedPattern> Expected,
    IReadOnlyList<UnwantedPattern> NotExpected,
    IReadOnlyList<SteeringExpectation> Steering,
    string? Archive = null,
    string? Directory = null);

/// <summary>
/// A pattern the person expects proposed, how they counted its sessions, and their judgement of the memory line
/// as long as the line still contains <see cref="AcceptableIfLineContains"/>.
/// </summary>
internal sealed record ExpectedPattern(
    string Id,
    string Kind,
    int Sessions,
    string Counted,
    string AcceptableIfLineContains,
    bool Acceptable,
    string Why,
    string? Signature = null,
    string? SignaturePrefix = null,
    string? TitleContains = null) : IPatternMatcher;

/// <summary>A pattern the person says must not be proposed, and why.</summary>
internal sealed record UnwantedPattern(string Id, string Why, string? Signature = null, string? SignaturePrefix = null) : IPatternMatcher
{
    public string? TitleContains => null;
}

/// <summary>A dream with <see cref="Instructions"/> should drop the <see cref="Dropped"/> expected patterns and keep the <see cref="Kept"/> ones.</summary>
internal sealed record SteeringExpectation(string Instructions, IReadOnlyList<string> Dropped, IReadOnlyList<string> Kept);

/// <summary>Names a pattern by its exact signature, or by a signature prefix and optionally words of its title.</summary>
internal interface IPatternMatcher
{
    string Id { get; }

    string? Signature { get; }

    string? SignaturePrefix { get; }

    string? TitleContains { get; }
}

internal static class PatternMatching
{
    /// <summary>True when a pattern with <paramref name="signature"/> and <paramref name="title"/> is the one <paramref name="matcher"/> names. Signatures compare exactly; title words ignore case, as a person wrote them from the transcripts, not from the title.</summary>
    public static bool Matches(this IPatternMatcher matcher, string signature, string title) =>
        matcher.Signature is { } exact
            ? string.Equals(signature, exact, StringComparison.Ordinal)
            : matcher.SignaturePrefix is { } prefix
              && signature.StartsWith(prefix, StringComparison.Ordinal)
              && (matcher.TitleContains is not { } words || title.Contains(words, StringComparison.OrdinalIgnoreCase));

    /// <summary>How the matcher names its pattern, for a reader of the report.</summary>
    public static string Describe(this IPatternMatcher matcher) =>
        matcher.Signature is { } exact ? $"`{exact}`"
        : $"`{matcher.SignaturePrefix}…`{(matcher.TitleContains is { } words ? $" titled \"…{words}…\"" : "")}";
}

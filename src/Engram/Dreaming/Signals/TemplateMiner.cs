namespace Engram.Dreaming.Signals;

/// <summary>
/// Groups error templates the way Drain groups log lines: messages are masked with
/// <see cref="ErrorTemplates.Mine"/>, routed by token count and leading tokens, and joined to the most similar
/// group when at least <see cref="Similarity"/> of their tokens agree; tokens that differ become <c>&lt;*&gt;</c>.
/// Deterministic: the same messages fed in the same order give the same templates and ids. Not thread-safe.
/// </summary>
internal sealed class TemplateMiner
{
    /// <summary>Drain's usual threshold for error lines: half the tokens must agree.</summary>
    public const double DefaultSimilarity = 0.5;

    /// <summary>The token that stands for a position where grouped messages differ.</summary>
    public const string Wildcard = "<*>";

    /// <summary>Leading tokens that route a message (Drain's tree depth): errors name their kind first.</summary>
    private const int PrefixTokens = 2;

    /// <summary>Groups kept in all: beyond this a message gets its own masked template, unstored, so memory stays bounded.</summary>
    private const int MaxGroups = 10_000;

    private readonly Dictionary<string, List<Group>> _leaves = new(StringComparer.Ordinal);
    private readonly List<Group> _groups = [];

    /// <summary>A miner joining messages whose tokens agree on at least <paramref name="similarity"/> (0 to 1) of positions.</summary>
    public TemplateMiner(double similarity = DefaultSimilarity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(similarity);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(similarity, 1.0);
        Similarity = similarity;
    }

    /// <summary>The share of positions that must agree for a message to join a group.</summary>
    public double Similarity { get; }

    /// <summary>Every group's current template, in the order the groups were formed.</summary>
    public IReadOnlyList<ErrorTemplate> Templates => _groups.ConvertAll(group => group.Template);

    /// <summary>Masks <paramref name="errorText"/>, joins it to a group (or starts one) and returns the group's template as it now stands.</summary>
    public ErrorTemplate Add(string errorText)
    {
        var mined = ErrorTemplates.Mine(errorText);
        var tokens = mined.Text.Split(' ');
        var key = LeafKey(tokens);
        if (!_leaves.TryGetValue(key, out var leaf))
        {
            leaf = [];
            _leaves.Add(key, leaf);
        }

        if (BestMatch(leaf, tokens) is { } group)
        {
            group.Merge(tokens);
            return group.Template;
        }

        if (_groups.Count >= MaxGroups)
        {
            return mined;
        }

        var created = new Group(tokens);
        leaf.Add(created);
        _groups.Add(created);
        return created.Template;
    }

    // Tokens that are already variable (a placeholder, or holding a digit) route to the wildcard branch.
    private static string LeafKey(string[] tokens)
    {
        var prefix = tokens.Take(PrefixTokens).Select(token => token.Contains('<', StringComparison.Ordinal) || token.Any(char.IsAsciiDigit) ? Wildcard : token);
        return $"{tokens.Length}\u0001{string.Join('\u0001', prefix)}";
    }

    private Group? BestMatch(List<Group> leaf, string[] tokens)
    {
        Group? best = null;
        var bestSimilarity = -1.0;
        var bestWildcards = -1;
        foreach (var group in leaf)
        {
            var (similarity, wildcards) = group.Compare(tokens);
            if (similarity > bestSimilarity || (similarity == bestSimilarity && wildcards > bestWildcards))
            {
                (best, bestSimilarity, bestWildcards) = (group, similarity, wildcards);
            }
        }

        return best is not null && bestSimilarity >= Similarity ? best : null;
    }

    private sealed class Group(string[] tokens)
    {
        private readonly string[] _tokens = (string[])tokens.Clone();

        public ErrorTemplate Template { get; private set; } = ErrorTemplates.FromText(string.Join(' ', tokens));

        // Drain's simSeq: positions equal to the message, wildcards not counted as agreeing.
        public (double Similarity, int Wildcards) Compare(string[] other)
        {
            var equal = 0;
            var wildcards = 0;
            for (var i = 0; i < _tokens.Length; i++)
            {
                if (_tokens[i] == Wildcard)
                {
                    wildcards++;
                }
                else if (string.Equals(_tokens[i], other[i], StringComparison.Ordinal))
                {
                    equal++;
                }
            }

            return ((double)equal / _tokens.Length, wildcards);
        }

        public void Merge(string[] other)
        {
            var changed = false;
            for (var i = 0; i < _tokens.Length; i++)
            {
                if (_tokens[i] != Wildcard && !string.Equals(_tokens[i], other[i], StringComparison.Ordinal))
                {
                    _tokens[i] = Wildcard;
                    changed = true;
                }
            }

            if (changed)
            {
                Template = ErrorTemplates.FromText(string.Join(' ', _tokens));
            }
        }
    }
}

using System.Globalization;
using System.Text;

namespace Engram.Bench;

/// <summary>
/// Deterministic, realistic memories for search benchmarks: front matter, headings, prose drawn from an
/// engineering vocabulary with a Zipf distribution (so some words are everywhere and most are rare), lists,
/// code blocks, and a sprinkling of rare identifiers (error codes, ticket ids) and known phrases, 0.5 to 4 KB each.
/// </summary>
internal sealed class SyntheticMemories(int seed)
{
    private static readonly string[] Teams = ["payments", "search", "infra", "mobile", "web", "data", "identity", "growth", "support", "billing", "platform", "security"];
    private static readonly string[] Kinds = ["runbooks", "decisions", "incidents", "notes", "howto", "reference"];
    private static readonly string[] Tags = ["deploy", "database", "oncall", "testing", "security", "performance", "api", "frontend", "backend", "ci", "observability", "cost", "migration", "process"];

    // The vocabulary, roughly from most to least frequent; sampled with a Zipf law over this order.
    private static readonly string[] Words = (
        "service deploy database request error cluster release config team build test user query cache queue latency alert " +
        "metric dashboard pipeline branch review owner schema index token session retry timeout endpoint client server worker " +
        "job batch shard replica node pod container image registry secret vault key certificate domain proxy gateway route " +
        "rollout canary rollback incident postmortem runbook oncall pager escalation ticket backlog sprint roadmap feature flag " +
        "experiment cohort funnel event stream topic consumer producer offset partition lag throughput capacity quota limit " +
        "budget cost invoice payment refund ledger balance account customer tenant region zone failover backup restore snapshot " +
        "migration column table constraint transaction lock deadlock vacuum checkpoint wal replication primary standby " +
        "terraform ansible helm chart manifest namespace ingress egress firewall subnet vpc peering dns resolver ttl " +
        "frontend backend mobile android ios browser bundle webpack vite lint typescript python golang rust java kotlin " +
        "pytest junit coverage fixture mock stub flaky snapshot golden contract integration unit smoke regression " +
        "profiling heap allocation garbage collector thread pool connection socket handshake tls cipher rotation expiry " +
        "observability tracing span sampling log retention archive compliance audit gdpr retention consent encryption " +
        "latency percentile slo sla error budget burn rate availability uptime maintenance window freeze approval change " +
        "kubernetes docker nginx postgres redis kafka elasticsearch prometheus grafana sentry datadog pagerduty slack jira " +
        "github gitlab jenkins argo spinnaker vault consul etcd zookeeper rabbitmq memcached cassandra clickhouse bigquery " +
        "onboarding handbook policy guideline convention naming style formatting documentation diagram architecture design " +
        "tradeoff decision proposal alternative constraint requirement assumption risk mitigation owner stakeholder deadline")
        .Split(' ', StringSplitOptions.RemoveEmptyEntries);

    // The long tail: 20,000 pronounceable made-up words (service names, jargon, identifiers) after the real ones.
    private static readonly string[] Vocabulary = [.. Words, .. TailWords(20_000)];

    private static readonly string[] Glue = ["the", "a", "to", "of", "and", "in", "for", "on", "with", "is", "are", "when", "after", "before", "if", "we", "it", "this", "that", "by", "from"];

    /// <summary>Phrases planted in about 1 in 400 memories each: what phrase queries look for.</summary>
    public static readonly string[] Phrases =
    [
        "connection pool exhausted", "certificate has expired", "disk quota exceeded", "circuit breaker opened", "read replica lag",
        "feature flag cleanup", "blue green deployment", "dead letter queue", "rate limit exceeded", "schema migration failed",
    ];

    private readonly Random _random = new(seed);
    // Zipf over ranks shifted by 60: as in English after its stopwords, the most frequent content word is a few
    // tenths of a percent of the text, so common words appear in about half the memories, not in all of them.
    private readonly double[] _zipf = Cumulative(Vocabulary.Length, 1.0, shift: 60);

    /// <summary>Identifiers planted once or twice across the corpus: what rare queries look for.</summary>
    public List<string> RareTerms { get; } = [];

    /// <summary>Words of the vocabulary that appear in a large share of memories.</summary>
    public static IReadOnlyList<string> CommonTerms => Words[..40];

    /// <summary>The <paramref name="index"/>th memory: a path and markdown content.</summary>
    public (string Path, string Content) Next(int index)
    {
        var team = Teams[_random.Next(Teams.Length)];
        var kind = Kinds[_random.Next(Kinds.Length)];
        var topic = Word();
        var path = (index % 10) switch
        {
            0 => $"/org/{kind}/{topic}-{index:D6}.md",
            1 => $"/agents/agent-{index % 50:D2}/{topic}-{index:D6}.md",
            _ => $"/teams/{team}/{kind}/{topic}-{Word()}-{index:D6}.md",
        };

        var target = 500 + (int)(3_500 * Math.Pow(_random.NextDouble(), 1.6)); // skewed toward the short end
        var text = new StringBuilder(target + 600);
        var title = Capitalize($"{Word()} {Word()} {Word()}");
        text.Append("---\n")
            .Append("title: ").Append(title).Append('\n')
            .Append("description: ").Append(Sentence(8, 16)).Append('\n')
            .Append("tags: [").Append(string.Join(", ", Enumerable.Range(0, 1 + _random.Next(3)).Select(_ => Tags[_random.Next(Tags.Length)]).Distinct())).Append("]\n");
        if (_random.Next(20) == 0)
        {
            text.Append("verified: ").Append(new DateTime(2024, 1, 1).AddDays(_random.Next(1_000)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append('\n');
        }

        text.Append("---\n# ").Append(title).Append("\n\n");
        while (text.Length < target)
        {
            switch (_random.Next(10))
            {
                case 0:
                    text.Append("## ").Append(Capitalize($"{Word()} {Word()}")).Append("\n\n");
                    break;
                case 1:
                    for (var i = 0; i < 2 + _random.Next(4); i++)
                    {
                        text.Append("- ").Append(Sentence(4, 10)).Append('\n');
                    }

                    text.Append('\n');
                    break;
                case 2:
                    text.Append("```bash\n").Append(Word()).Append("ctl ").Append(Word()).Append(" --").Append(Word()).Append('=').Append(_random.Next(1_000)).Append('\n').Append("```\n\n");
                    break;
                default:
                    for (var i = 0; i < 2 + _random.Next(4); i++)
                    {
                        text.Append(Sentence(6, 20)).Append(' ');
                    }

                    text.Append("\n\n");
                    break;
            }
        }

        if (_random.Next(400) < Phrases.Length)
        {
            text.Append("We saw ").Append(Phrases[_random.Next(Phrases.Length)]).Append(" during the last incident.\n");
        }

        if (_random.Next(20) == 0)
        {
            var rare = $"ERR{_random.Next(100_000, 999_999)}";
            RareTerms.Add(rare);
            text.Append("Error code ").Append(rare).Append(" means the ").Append(Word()).Append(" is gone.\n");
        }

        return (path, text.ToString());
    }

    private string Word()
    {
        var u = _random.NextDouble();
        var i = Array.BinarySearch(_zipf, u);
        return Vocabulary[Math.Min(Vocabulary.Length - 1, i < 0 ? ~i : i)];
    }

    private string Sentence(int min, int max)
    {
        var count = min + _random.Next(max - min + 1);
        var words = new string[count];
        for (var i = 0; i < count; i++)
        {
            words[i] = _random.Next(3) == 0 ? Glue[_random.Next(Glue.Length)] : Word();
        }

        return Capitalize(string.Join(' ', words)) + ".";
    }

    private static string Capitalize(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    private static string[] TailWords(int count)
    {
        string[] onsets = ["b", "c", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "cl", "dr", "fl", "gr", "pl", "st", "tr"];
        string[] vowels = ["a", "e", "i", "o", "u", "ai", "ea", "io", "ou"];
        string[] codas = ["", "n", "r", "s", "t", "x", "l", "m", "nd", "rk", "st"];
        var random = new Random(11);
        var words = new HashSet<string>(Words, StringComparer.Ordinal);
        while (words.Count < Words.Length + count)
        {
            var syllables = 2 + random.Next(2);
            words.Add(string.Concat(Enumerable.Range(0, syllables).Select(_ => onsets[random.Next(onsets.Length)] + vowels[random.Next(vowels.Length)])) + codas[random.Next(codas.Length)]);
        }

        return [.. words.Except(Words)];
    }

    private static double[] Cumulative(int n, double exponent, int shift)
    {
        var weights = Enumerable.Range(1, n).Select(rank => 1.0 / Math.Pow(rank + shift, exponent)).ToArray();
        var total = weights.Sum();
        var cumulative = new double[n];
        var sum = 0.0;
        for (var i = 0; i < n; i++)
        {
            sum += weights[i] / total;
            cumulative[i] = sum;
        }

        return cumulative;
    }
}

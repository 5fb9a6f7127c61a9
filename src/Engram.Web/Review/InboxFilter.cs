using Engram.Errors;
using Engram.Review;
using Microsoft.AspNetCore.Http;

namespace Engram.Web.Review;

/// <summary>What the inbox shows, as its query string says: each filter optional, pending and newest first by default.</summary>
internal sealed record InboxFilter(string? Store = null, string? Dream = null, string? Kind = null, string? Agent = null, string? Status = null, string? Sort = null, string? Q = null)
{
    /// <summary>Proposals of writes (an agent or person who may only propose), as opposed to a dream's kinds.</summary>
    public const string WriteKind = "write";

    /// <summary>The filter a request's query string names; empty values count as absent.</summary>
    public static InboxFilter From(IQueryCollection query)
    {
        string? Value(string name) => query[name].ToString() is { Length: > 0 } text ? text.Trim() : null;
        return new(Value("store"), Value("dream"), Value("kind"), Value("agent"), Value("status"), Value("sort"), Value("q"));
    }

    /// <summary>The status to list (null: all), or a refusal naming <c>status</c>.</summary>
    public ProposalStatus? StatusFilter() => ProposalStatusNames.ParseFilter(Status, "status", whenAbsent: ProposalStatus.Pending);

    /// <summary>True to put the most prevalent first, false for newest first; or a refusal naming <c>sort</c>.</summary>
    public bool ByPrevalence() => Sort switch
    {
        null or "newest" => false,
        "prevalence" => true,
        _ => throw new InvalidRequestException("sort", $"must be newest or prevalence (got \"{Sort}\")"),
    };

    /// <summary>The query string that keeps these filters (for links from a proposal back and to the next one).</summary>
    public QueryString ToQuery() => QueryString.Create(new (string, string?)[]
    {
        ("store", Store), ("dream", Dream), ("kind", Kind), ("agent", Agent), ("status", Status), ("sort", Sort), ("q", Q),
    }.Where(p => p.Item2 is not null).Select(p => new KeyValuePair<string, string?>(p.Item1, p.Item2)));
}

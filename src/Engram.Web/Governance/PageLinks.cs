using Microsoft.AspNetCore.Http;

namespace Engram.Web.Governance;

/// <summary>Links between the pages of a paged list: the same path and filters, with another page token.</summary>
internal static class PageLinks
{
    /// <summary>The name of the page token in a list's query string.</summary>
    public const string Page = "page";

    /// <summary>This request's path and filters (empty ones left out) at page <paramref name="token"/>, or at the first page for null.</summary>
    public static string At(HttpRequest request, string? token)
    {
        var kept = request.Query
            .Where(p => p.Key != Page && p.Key != "handler" && !string.IsNullOrEmpty(p.Value.ToString()))
            .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v)))
            .ToList();
        if (token is not null)
        {
            kept.Add(new(Page, token));
        }

        return request.Path.Value + QueryString.Create(kept);
    }
}

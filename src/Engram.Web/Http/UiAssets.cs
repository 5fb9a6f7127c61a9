using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace Engram.Web.Http;

/// <summary>
/// The stylesheet and script, embedded in this assembly and served under <c>/ui/assets/</c>: a page links each
/// with its content hash in the query, so browsers may keep it for a year and still see a new build at once.
/// </summary>
internal sealed class UiAssets
{
    /// <summary>How long browsers keep an asset: a year, as its URL changes with its content.</summary>
    private const int MaxAgeSeconds = 31_536_000;

    private const string Prefix = "assets/";

    private readonly FrozenDictionary<string, (byte[] Bytes, string Type, string Hash)> _assets;

    /// <summary>Loads the embedded assets.</summary>
    public UiAssets()
    {
        var assembly = typeof(UiAssets).Assembly;
        _assets = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
            .ToFrozenDictionary(n => n[Prefix.Length..], n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                var bytes = copy.ToArray();
                return (bytes, TypeOf(n), Convert.ToHexStringLower(SHA256.HashData(bytes))[..16]);
            }, StringComparer.Ordinal);
    }

    /// <summary>The URL of an asset with its content hash, for a page to link.</summary>
    public string Url(string name) => $"/ui/assets/{name}?v={_assets[name].Hash}";

    /// <summary>Answers a request for <paramref name="name"/>: the asset with its caching headers, 304 when the browser has it, or 404.</summary>
    public IResult Serve(HttpContext context, string name)
    {
        if (!_assets.TryGetValue(name, out var asset))
        {
            return Results.NotFound();
        }

        var etag = $"\"{asset.Hash}\"";
        context.Response.Headers.CacheControl = $"public, max-age={MaxAgeSeconds}, immutable";
        context.Response.Headers.ETag = etag;
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return context.Request.Headers.IfNoneMatch.ToString() == etag
            ? Results.StatusCode(StatusCodes.Status304NotModified)
            : Results.Bytes(asset.Bytes, asset.Type);
    }

    private static string TypeOf(string name) => Path.GetExtension(name) switch
    {
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };
}

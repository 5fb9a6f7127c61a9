using System.Text.RegularExpressions;

namespace Engram.Sessions.Formats;

/// <summary>
/// The repository a run worked on, read from the names SWE-bench gives things: instance ids <c>owner__repo-N</c>
/// and the evaluation images <c>sweb.eval.ARCH.owner_1776_repo-N</c> (SWE-bench writes the instance id's
/// <c>__</c> as <c>_1776_</c>, since image names may not hold a double underscore), and GitHub URLs.
/// </summary>
internal static partial class SweBench
{
    /// <summary><c>owner/repo</c> for an instance id of SWE-bench's shape, else null.</summary>
    public static string? ProjectOfInstance(string? instanceId) =>
        instanceId is not null && InstanceId().Match(instanceId) is { Success: true } match
            ? $"{match.Groups["owner"].Value}/{match.Groups["repo"].Value}"
            : null;

    /// <summary><c>owner/repo</c> for a SWE-bench evaluation image (<c>swebench/sweb.eval.x86_64.owner_1776_repo-N:latest</c>), else null.</summary>
    public static string? ProjectOfImage(string? image) =>
        image is not null && EvaluationImage().Match(image) is { Success: true } match
            ? $"{match.Groups["owner"].Value}/{match.Groups["repo"].Value}"
            : null;

    /// <summary><c>owner/repo</c> for a GitHub repository, issue or pull request URL, else null.</summary>
    public static string? ProjectOfUrl(string? url) =>
        url is not null && GitHubUrl().Match(url) is { Success: true } match
            ? $"{match.Groups["owner"].Value}/{match.Groups["repo"].Value}"
            : null;

    [GeneratedRegex(@"\A(?<owner>[A-Za-z0-9][A-Za-z0-9-]*(?:_[A-Za-z0-9-]+)*)__(?<repo>[A-Za-z0-9._-]+)-\d+\z", RegexOptions.CultureInvariant)]
    private static partial Regex InstanceId();

    [GeneratedRegex(@"(?:\A|/)sweb\.eval\.[^./:]+\.(?<owner>[A-Za-z0-9][A-Za-z0-9_-]*?)_1776_(?<repo>[A-Za-z0-9._-]+)-\d+(?::[^/]*)?\z", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex EvaluationImage();

    [GeneratedRegex(@"\Ahttps?://(?:www\.)?github\.com/(?<owner>[A-Za-z0-9][A-Za-z0-9-]*)/(?<repo>[A-Za-z0-9._-]+?)(?:\.git)?(?:[/?#].*)?\z", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex GitHubUrl();
}

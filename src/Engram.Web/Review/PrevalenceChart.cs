using System.Globalization;
using System.Text;

namespace Engram.Web.Review;

/// <summary>
/// A small bar chart of sessions over time as inline SVG: one bar per day (or per equal span when the times cover
/// more than <see cref="MaxBars"/> days). It holds only numbers and dates, never text from a transcript.
/// </summary>
internal static class PrevalenceChart
{
    /// <summary>Bars at most, so the chart stays readable at its fixed size.</summary>
    public const int MaxBars = 30;

    private const int Width = 300;
    private const int Height = 60;
    private const int Axis = 14;

    /// <summary>The chart's markup, or null when fewer than two distinct days are known (nothing to show over time).</summary>
    public static string? Svg(IReadOnlyList<DateTimeOffset> times)
    {
        if (times.Count < 2)
        {
            return null;
        }

        var first = times.Min().UtcDateTime.Date;
        var last = times.Max().UtcDateTime.Date;
        var days = (int)(last - first).TotalDays + 1;
        if (days < 2)
        {
            return null;
        }

        var bars = Math.Min(days, MaxBars);
        var span = (double)days / bars;
        var counts = new int[bars];
        foreach (var time in times)
        {
            counts[Math.Min(bars - 1, (int)((time.UtcDateTime.Date - first).TotalDays / span))]++;
        }

        var max = counts.Max();
        var slot = (double)Width / bars;
        var label = string.Create(CultureInfo.InvariantCulture, $"{times.Count} sessions between {first:yyyy-MM-dd} and {last:yyyy-MM-dd}");
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" viewBox=\"0 0 {Width} {Height + Axis}\" width=\"{Width}\" height=\"{Height + Axis}\" role=\"img\" aria-label=\"{label}\"><title>{label}</title>");
        for (var i = 0; i < bars; i++)
        {
            if (counts[i] == 0)
            {
                continue;
            }

            var height = Math.Max(2, Height * counts[i] / (double)max);
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect x=\"{i * slot + 1:0.#}\" y=\"{Height - height:0.#}\" width=\"{Math.Max(1, slot - 2):0.#}\" height=\"{height:0.#}\"><title>{counts[i]}</title></rect>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"0\" y1=\"{Height + 0.5}\" x2=\"{Width}\" y2=\"{Height + 0.5}\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"{Height + Axis - 2}\">{first:MMM d}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width}\" y=\"{Height + Axis - 2}\" text-anchor=\"end\">{last:MMM d}</text></svg>");
        return svg.ToString();
    }
}

using System.Globalization;

namespace Engram.Bench;

internal static partial class LocomoEval
{
    /// <summary>LoCoMo's question categories, as its README names them.</summary>
    private static readonly Dictionary<int, string> Categories = new()
    {
        [1] = "multi-hop", [2] = "temporal", [3] = "open-domain", [4] = "single-hop", [5] = "adversarial",
    };

    /// <summary>Recall at each of <see cref="Ks"/> per question, by mode and category; printed as Markdown tables of means in percent.</summary>
    private sealed class Scores
    {
        private readonly Dictionary<(string Mode, int Category), List<double[]>> _recalls = [];

        public void Add(string mode, int category, double[] recall)
        {
            if (!_recalls.TryGetValue((mode, category), out var list))
            {
                _recalls[(mode, category)] = list = [];
            }

            list.Add(recall);
        }

        public void Print(double[] dragon)
        {
            var ks = string.Join(" | ", Ks.Select(k => $"R@{k}"));
            var rule = string.Concat(Ks.Select(_ => "---:|"));
            Console.WriteLine();
            Console.WriteLine($"## All categories ({Questions(Modes[0], null)} questions)");
            Console.WriteLine();
            Console.WriteLine($"| mode | {ks} |");
            Console.WriteLine($"|---|{rule}");
            foreach (var mode in Modes)
            {
                Console.WriteLine($"| {mode} | {Cells(mode, null)} |");
            }

            Console.WriteLine($"| DRAGON (paper, all 10 conversations) | {string.Join(" | ", dragon.Select(d => d.ToString("0.0", CultureInfo.InvariantCulture)))} |");
            var trailing = Ks.Where((_, i) => Mean("hybrid", null, i) < Math.Max(Mean("keyword", null, i), Mean("semantic", null, i))).ToList();
            Console.WriteLine();
            Console.WriteLine(trailing.Count == 0
                ? "Hybrid is at or above the better of keyword and semantic at every k."
                : $"Hybrid trails the better of keyword and semantic at k = {string.Join(", ", trailing)}.");
            Console.WriteLine();
            Console.WriteLine("## Per category");
            Console.WriteLine();
            Console.WriteLine($"| category | questions | mode | {ks} |");
            Console.WriteLine($"|---|---:|---|{rule}");
            foreach (var category in _recalls.Keys.Select(k => k.Category).Distinct().Order())
            {
                foreach (var mode in Modes)
                {
                    var name = Categories.TryGetValue(category, out var known) ? $"{category} {known}" : $"{category}";
                    Console.WriteLine($"| {name} | {Questions(mode, category)} | {mode} | {Cells(mode, category)} |");
                }
            }
        }

        private IEnumerable<double[]> Of(string mode, int? category) =>
            _recalls.Where(r => r.Key.Mode == mode && (category is null || r.Key.Category == category)).SelectMany(r => r.Value);

        private int Questions(string mode, int? category) => Of(mode, category).Count();

        private double Mean(string mode, int? category, int k) => Of(mode, category).Select(r => r[k]).DefaultIfEmpty(double.NaN).Average();

        private string Cells(string mode, int? category) =>
            string.Join(" | ", Ks.Select((_, i) => Mean(mode, category, i) is var mean && double.IsNaN(mean) ? "n/a" : (100 * mean).ToString("0.0", CultureInfo.InvariantCulture)));
    }
}

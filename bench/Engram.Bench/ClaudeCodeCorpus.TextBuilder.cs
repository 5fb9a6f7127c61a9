using System.Globalization;

namespace Engram.Bench;

internal static partial class ClaudeCodeCorpus
{
    /// <summary>A reusable character buffer, so generated text is written without a string per value.</summary>
    private sealed class TextBuilder
    {
        private char[] _chars = new char[16_384];

        public int Length { get; private set; }

        public int Lines { get; private set; }

        public ReadOnlySpan<char> Span => _chars.AsSpan(0, Length);

        public TextBuilder Clear()
        {
            Length = 0;
            Lines = 1;
            return this;
        }

        public TextBuilder Append(char c)
        {
            Reserve(1);
            _chars[Length++] = c;
            if (c == '\n')
            {
                Lines++;
            }

            return this;
        }

        public TextBuilder Append(ReadOnlySpan<char> text)
        {
            Reserve(text.Length);
            text.CopyTo(_chars.AsSpan(Length));
            Length += text.Length;
            Lines += text.Count('\n');
            return this;
        }

        public TextBuilder Append(int number)
        {
            Reserve(11);
            number.TryFormat(_chars.AsSpan(Length), out var written, provider: CultureInfo.InvariantCulture);
            Length += written;
            return this;
        }

        /// <summary>Upper-cases the character at <paramref name="index"/> (sentence starts).</summary>
        public void Capitalize(int index) => _chars[index] = char.ToUpperInvariant(_chars[index]);

        private void Reserve(int count)
        {
            if (Length + count > _chars.Length)
            {
                Array.Resize(ref _chars, Math.Max(_chars.Length * 2, Length + count));
            }
        }
    }
}

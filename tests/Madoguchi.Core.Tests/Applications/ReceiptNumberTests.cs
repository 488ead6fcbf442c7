using Madoguchi.Core.Applications;

namespace Madoguchi.Core.Tests.Applications;

public sealed class ReceiptNumberTests
{
    [Fact]
    public void Create_writes_two_groups_of_four_and_a_check_symbol()
    {
        var values = new Queue<int>([0, 1, 2, 3, 28, 29, 30, 31]);
        var number = ReceiptNumber.Create(_ => values.Dequeue());

        Assert.Matches("^0123-WXYZ-[0-9A-HJKMNP-TV-Z]$", number);
        Assert.True(ReceiptNumber.IsWellFormed(number));
    }

    [Fact]
    public void Create_asks_the_random_source_for_values_below_32()
    {
        var bounds = new List<int>();
        _ = ReceiptNumber.Create(max =>
        {
            bounds.Add(max);
            return 0;
        });

        Assert.Equal(Enumerable.Repeat(32, 8), bounds);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(32)]
    public void Create_refuses_a_random_source_out_of_range(int value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ReceiptNumber.Create(_ => value));
    }

    [Fact]
    public void Every_created_number_is_well_formed_in_either_case()
    {
        var random = new Random(42);
        for (var i = 0; i < 2000; i++)
        {
            var number = ReceiptNumber.Create(random.Next);
            Assert.True(ReceiptNumber.IsWellFormed(number), number);
            Assert.True(ReceiptNumber.IsWellFormed(number.ToLowerInvariant()), number);
            Assert.DoesNotMatch("[ILOU]", number);
        }
    }

    [Fact]
    public void IsWellFormed_catches_every_single_symbol_error()
    {
        const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        var random = new Random(7);
        for (var i = 0; i < 200; i++)
        {
            var number = ReceiptNumber.Create(random.Next);
            foreach (var position in new[] { 0, 1, 2, 3, 5, 6, 7, 8, 10 })
            {
                foreach (var replacement in Alphabet.Where(c => c != number[position]))
                {
                    var mistyped = string.Concat(number.AsSpan(0, position), replacement.ToString(), number.AsSpan(position + 1));
                    Assert.False(ReceiptNumber.IsWellFormed(mistyped), mistyped);
                }
            }
        }
    }

    [Fact]
    public void IsWellFormed_catches_most_swaps_of_neighbours()
    {
        var random = new Random(11);
        int swaps = 0, caught = 0;
        for (var i = 0; i < 2000; i++)
        {
            var number = ReceiptNumber.Create(random.Next);
            foreach (var position in new[] { 0, 1, 2, 5, 6, 7 })
            {
                if (number[position] == number[position + 1])
                {
                    continue;
                }

                var chars = number.ToCharArray();
                (chars[position], chars[position + 1]) = (chars[position + 1], chars[position]);
                swaps++;
                caught += ReceiptNumber.IsWellFormed(new string(chars)) ? 0 : 1;
            }
        }

        Assert.True(caught >= swaps * 0.95, $"{caught} of {swaps}");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("01230WXYZ0")]
    [InlineData("0123-WXYZ")]
    [InlineData("0123-WXYZ-")]
    [InlineData("0123-WXYZ-00")]
    [InlineData("012-3WXYZ-0")]
    [InlineData("0I23-WXYZ-0")] // I is not in the alphabet
    [InlineData("0123 WXYZ 0")]
    [InlineData("０１２３-ＷＸＹＺ-０")]
    public void IsWellFormed_rejects_other_shapes(string? input)
    {
        Assert.False(ReceiptNumber.IsWellFormed(input));
    }
}

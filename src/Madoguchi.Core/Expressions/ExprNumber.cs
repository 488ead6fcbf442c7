using System.Globalization;

namespace Madoguchi.Core.Expressions;

/// <summary>
/// Exact decimal arithmetic with the language's number rule: every result is rounded half away from zero to
/// 10 decimals and must stay below 10^18 in magnitude. Products, quotients and roundings are computed exactly —
/// on integers scaled by 10^10 (<see cref="Int128"/>), or in decimal where that is provably exact — and rounded
/// once; the browser does the same on BigInt, which is what makes both give identical results.
/// </summary>
internal static class ExprNumber
{
    public const int MaxDecimals = 10;
    public const decimal Limit = 1_000_000_000_000_000_000m;

    private const decimal FastOperandLimit = 100_000_000_000_000m;
    private static readonly Int128 _scale = 10_000_000_000;
    private static readonly Int128[] _powers = [.. Enumerable.Range(0, 29).Select(i => Int128.Parse("1" + new string('0', i), CultureInfo.InvariantCulture))];
    private static readonly Int128 _scaledLimit = Int128.Parse("10000000000000000000000000000", CultureInfo.InvariantCulture);

    /// <summary>Rounds to 10 decimals half away from zero; false when the magnitude is then 10^18 or more.</summary>
    public static bool TryNormalize(decimal value, out decimal result)
    {
        result = decimal.Round(value, MaxDecimals, MidpointRounding.AwayFromZero);
        if (result == 0m)
        {
            result = 0m;
        }

        return Math.Abs(result) < Limit;
    }

    public static bool InRange(decimal value) => Math.Abs(value) < Limit;

    /// <summary>Canonical text: no exponent, no trailing zeros, no "-0".</summary>
    public static string Format(decimal value) =>
        value == 0m ? "0" : value.ToString("0.##########", CultureInfo.InvariantCulture);

    /// <summary>a + b, or null when too large. Exact: both have at most 10 decimals and fit decimal's 96 bits.</summary>
    public static decimal? Add(decimal a, decimal b) => Checked(a + b);

    public static decimal? Subtract(decimal a, decimal b) => Checked(a - b);

    /// <summary>a × b rounded, or null when too large.</summary>
    public static decimal? Multiply(decimal a, decimal b)
    {
        // Fast path: decimal's product is exact when it kept the full scale (it only drops digits, with rounding,
        // when the mantissa would overflow), and it cannot overflow below these magnitudes.
        if (Math.Abs(a) <= FastOperandLimit && Math.Abs(b) <= FastOperandLimit)
        {
            var product = a * b;
            if (product.Scale == a.Scale + b.Scale)
            {
                return Checked(decimal.Round(product, MaxDecimals, MidpointRounding.AwayFromZero));
            }
        }

        var x = ToScaled(a);
        var y = ToScaled(b);
        if (x != 0 && Int128.Abs(y) > Int128.MaxValue / Int128.Abs(x))
        {
            return null;
        }

        return FromScaledChecked(DivideRounded(x * y, _scale));
    }

    /// <summary>a ÷ b rounded, or null when too large. The caller rules out b = 0.</summary>
    public static decimal? Divide(decimal a, decimal b) =>
        FromScaledChecked(DivideRounded(ToScaled(a) * _scale, ToScaled(b)));

    /// <summary>Floored remainder (the sign of the divisor, as in Excel's MOD). The caller rules out b = 0.</summary>
    public static decimal Modulo(decimal a, decimal b)
    {
        var y = ToScaled(b);
        var r = ToScaled(a) % y;
        if (r != 0 && (r < 0) != (y < 0))
        {
            r += y;
        }

        return FromScaled(r);
    }

    /// <summary>Rounds half away from zero to <paramref name="digits"/> decimals (−17…10), or null when too large.</summary>
    public static decimal? Round(decimal value, int digits)
    {
        if (digits >= 0)
        {
            return Checked(decimal.Round(value, digits, MidpointRounding.AwayFromZero));
        }

        var unit = Int128.One;
        for (var i = digits; i < MaxDecimals; i++)
        {
            unit *= 10;
        }

        return FromScaledChecked(DivideRounded(ToScaled(value), unit) * unit);
    }

    /// <summary>The greatest whole number not above the value, or null when too large.</summary>
    public static decimal? Floor(decimal value) => Checked(decimal.Floor(value));

    /// <summary>The least whole number not below the value, or null when too large.</summary>
    public static decimal? Ceiling(decimal value) => Checked(decimal.Ceiling(value));

    /// <summary>The value as an integer scaled by 10^10 (exact for every value of the language: at most 10 decimals).</summary>
    public static Int128 ToScaled(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var mantissa = ((UInt128)(uint)bits[2] << 64) | ((UInt128)(uint)bits[1] << 32) | (uint)bits[0];
        var scale = (bits[3] >> 16) & 0xFF;
        var scaled = (Int128)mantissa;
        if (scale <= MaxDecimals)
        {
            scaled *= _powers[MaxDecimals - scale];
        }
        else
        {
            scaled = DivideRounded(scaled, _powers[scale - MaxDecimals]);
        }

        return bits[3] < 0 ? -scaled : scaled;
    }

    /// <summary>A scaled integer back as a number, or null when too large (sum uses this after adding up).</summary>
    public static decimal? FromScaledChecked(Int128 scaled) => Int128.Abs(scaled) < _scaledLimit ? FromScaled(scaled) : null;

    /// <summary>Mean of a scaled sum over a count, rounded half away from zero.</summary>
    public static decimal Mean(Int128 scaledSum, int count) => FromScaled(DivideRounded(scaledSum, count));

    private static decimal? Checked(decimal value) => InRange(value) ? Normalize(value) : null;

    private static decimal Normalize(decimal value) => value == 0m ? 0m : value;

    /// <summary>n ÷ d rounded half away from zero (d ≠ 0; |d| below 2^126 so that 2|r| cannot overflow).</summary>
    private static Int128 DivideRounded(Int128 n, Int128 d)
    {
        var q = n / d;
        var r = n % d;
        if (r != 0 && 2 * Int128.Abs(r) >= Int128.Abs(d))
        {
            q += (n < 0) != (d < 0) ? -1 : 1;
        }

        return q;
    }

    private static decimal FromScaled(Int128 scaled)
    {
        if (scaled == 0)
        {
            return 0m;
        }

        var negative = scaled < 0;
        var magnitude = (UInt128)(negative ? -scaled : scaled);
        var lo = (int)(uint)(ulong)(magnitude & uint.MaxValue);
        var mid = (int)(uint)(ulong)((magnitude >> 32) & uint.MaxValue);
        var hi = (int)(uint)(ulong)(magnitude >> 64);
        return new decimal(lo, mid, hi, negative, MaxDecimals);
    }
}

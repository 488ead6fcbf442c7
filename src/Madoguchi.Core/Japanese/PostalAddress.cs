using System.Collections.Frozen;
using System.Collections.Immutable;

namespace Madoguchi.Core.Japanese;

/// <summary>Columns 10–13 of Japan Post's data (0/1 each).</summary>
[Flags]
public enum PostalAddressFlags
{
    None = 0,

    /// <summary>Column 10, 一町域が二以上の郵便番号で表される場合の表示: this town has several postal codes.</summary>
    TownHasSeveralCodes = 1,

    /// <summary>Column 11, 小字毎に番地が起番されている町域の表示: block numbers restart in each 小字.</summary>
    NumberedPerKoaza = 2,

    /// <summary>Column 12, 丁目を有する町域の場合の表示: the town has 丁目.</summary>
    HasChome = 4,

    /// <summary>Column 13, 一つの郵便番号で二以上の町域を表す場合の表示: this postal code covers several towns.</summary>
    CodeHasSeveralTowns = 8,
}

/// <summary>
/// One address of Japan Post's postal-code data. Readings are in 全角カタカナ whichever file they came from.
/// <see cref="Town"/> is empty where the data says 「以下に掲載がない場合」 (the code covers the rest of the
/// municipality) or 「…の次に番地がくる場合」 (the 番地 follows the municipality directly).
/// </summary>
/// <param name="LocalGovernmentCode">全国地方公共団体コード (5 digits).</param>
/// <param name="PostalCode">7 digits without hyphen.</param>
public sealed record PostalAddress(
    string LocalGovernmentCode,
    string PostalCode,
    string Prefecture,
    string City,
    string Town,
    string PrefectureKana,
    string CityKana,
    string TownKana,
    PostalAddressFlags Flags)
{
    /// <summary>Column 14, 更新の表示: 0 no change, 1 changed, 2 abolished (only in the monthly difference files).</summary>
    public int UpdateStatus { get; init; }

    /// <summary>Column 15, 変更理由: 0 none, 1 市政・区政・町政・分区・政令指定都市施行, 2 住居表示の実施, 3 区画整理, 4 郵便区調整等, 5 訂正, 6 廃止.</summary>
    public int ChangeReason { get; init; }

    /// <summary>「100-0005」.</summary>
    public string FormattedPostalCode => $"{PostalCode[..3]}-{PostalCode[3..]}";

    /// <summary>
    /// <see cref="Town"/> without a trailing note in parentheses, for prefilling an address field: 丸の内（次のビルを除く）
    /// → 丸の内, 大通西（１～１９丁目） → 大通西. The applicant completes the rest.
    /// </summary>
    public string TownWithoutNote => StripTrailingNote(Town);

    internal static string StripTrailingNote(string town)
    {
        if (!town.EndsWith('）'))
        {
            return town;
        }

        var depth = 0;
        for (var i = town.Length - 1; i >= 0; i--)
        {
            depth += town[i] switch { '）' => 1, '（' => -1, _ => 0 };
            if (depth == 0)
            {
                return town[..i];
            }
        }

        return town;
    }
}

/// <summary>
/// Postal code → addresses, immutable and safe to share between threads. One code can have several addresses, even
/// in two prefectures (498-0000 is 愛知県弥富市 and 三重県桑名郡木曽岬町): every one is returned, in file order.
/// Build it with <see cref="PostalDataParser"/>.
/// </summary>
public sealed class PostalCodeIndex
{
    private const string _sampleResource = "Madoguchi.Core.Japanese.Data.postal-sample.csv";

    private static readonly Lazy<PostalCodeIndex> _sample = new(LoadSample, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly FrozenDictionary<int, ImmutableArray<PostalAddress>> _byCode;

    internal PostalCodeIndex(FrozenDictionary<int, ImmutableArray<PostalAddress>> byCode, int addressCount)
    {
        _byCode = byCode;
        AddressCount = addressCount;
    }

    public static PostalCodeIndex Empty { get; } = new(FrozenDictionary<int, ImmutableArray<PostalAddress>>.Empty, 0);

    /// <summary>
    /// The small bundled sample (<c>Japanese/Data/postal-sample.csv</c>, utf_ken_all format) for demos and tests:
    /// real rows of 千代田区, 498-0000 and a few codes with several towns. Not for production lookups.
    /// </summary>
    public static PostalCodeIndex Sample => _sample.Value;

    /// <summary>Number of distinct postal codes.</summary>
    public int CodeCount => _byCode.Count;

    /// <summary>Number of addresses (rows after merging split rows).</summary>
    public int AddressCount { get; }

    /// <summary>
    /// The addresses of a postal code written any way <see cref="PostalCode.Normalize"/> accepts (1000005,
    /// 100-0005, 〒１００－０００５); empty when the code is unknown or malformed.
    /// </summary>
    public ImmutableArray<PostalAddress> Find(string? postalCode)
    {
        if (PostalCode.Normalize(postalCode) is not { } normalized)
        {
            return [];
        }

        var key = int.Parse(normalized.Replace("-", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
        return _byCode.TryGetValue(key, out var addresses) ? addresses : [];
    }

    public bool Contains(string? postalCode) => !Find(postalCode).IsEmpty;

    private static PostalCodeIndex LoadSample()
    {
        using var stream = typeof(PostalCodeIndex).Assembly.GetManifestResourceStream(_sampleResource)
            ?? throw new InvalidOperationException($"The embedded resource {_sampleResource} is missing.");
        var result = PostalDataParser.ParseUtfKenAll(stream);
        return result.Index ?? throw new InvalidOperationException(
            "The bundled postal sample is malformed: " + string.Join("; ", result.Problems.Select(p => p.Message.En)));
    }
}

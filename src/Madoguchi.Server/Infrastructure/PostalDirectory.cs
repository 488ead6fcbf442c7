using System.Collections.Immutable;
using Madoguchi.Core.Japanese;
using Microsoft.Extensions.Options;

namespace Madoguchi.Server.Infrastructure;

/// <summary>
/// 郵便番号 → 住所 for address fields. Operators refresh Japan Post's data with <c>postal import &lt;file&gt;</c>, which
/// checks the file and places it at <see cref="DataFile"/>; every node reloads it within a minute of it changing.
/// Without such a file the small bundled sample answers (enough for the demo, not for production).
/// </summary>
public sealed class PostalDirectory(IOptions<MadoguchiOptions> options, IHostEnvironment environment, ILogger<PostalDirectory> logger)
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private PostalCodeIndex? _index;
    private DateTime _loadedStamp;
    private DateTime _nextCheck;

    /// <summary>Where imported data lives: the shared data directory, so every node reads the same file.</summary>
    public string Folder => Path.Combine(options.Value.ResolveDataDirectory(environment.ContentRootPath), "postal");

    /// <summary>The UTF-8 form (utf_ken_all.csv, one row per address).</summary>
    public string Utf8File => Path.Combine(Folder, "utf_ken_all.csv");

    /// <summary>The Shift_JIS form (KEN_ALL.CSV, long town names split over rows), kept byte for byte as published.</summary>
    public string ShiftJisFile => Path.Combine(Folder, "KEN_ALL.CSV");

    /// <summary>Whether the operator's full data (rather than the sample) is loaded.</summary>
    public bool IsFullData { get; private set; }

    public ImmutableArray<PostalAddress> Find(string? postalCode) => Index().Find(postalCode);

    private PostalCodeIndex Index()
    {
        var now = DateTime.UtcNow;
        if (_index is not null && now < _nextCheck)
        {
            return _index;
        }

        lock (_gate)
        {
            _nextCheck = now + CheckInterval;
            var file = File.Exists(Utf8File) ? Utf8File : File.Exists(ShiftJisFile) ? ShiftJisFile : null;
            var stamp = file is null ? DateTime.MinValue : File.GetLastWriteTimeUtc(file);
            if (_index is not null && stamp == _loadedStamp)
            {
                return _index;
            }

            if (stamp == DateTime.MinValue)
            {
                _index = PostalCodeIndex.Sample;
                IsFullData = false;
            }
            else
            {
                using var stream = File.OpenRead(file!);
                var result = file == Utf8File ? PostalDataParser.ParseUtfKenAll(stream) : PostalDataParser.ParseKenAll(stream);
                if (result.Index is { } index && result.IsValid)
                {
                    _index = index;
                    IsFullData = true;
                    logger.LogInformation("Postal data loaded: {Codes} codes, {Addresses} addresses", index.CodeCount, index.AddressCount);
                }
                else
                {
                    // The import command checks files before placing them, so this is a hand-edited file: keep what we had.
                    logger.LogError("Postal data at {Path} has {Count} problems and was not loaded", file, result.Problems.Count);
                    _index ??= PostalCodeIndex.Sample;
                }
            }

            _loadedStamp = stamp;
            return _index;
        }
    }

    /// <summary>
    /// Checks a Japan Post file (KEN_ALL.CSV in Shift_JIS, or utf_ken_all.csv in UTF-8 — told apart by content) and,
    /// only when it has no problems, places it in <see cref="Folder"/> atomically (the other form is removed).
    /// </summary>
    public (PostalDataParseResult Result, string? Placed) Import(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var isUtf8 = IsUtf8(bytes);
        using (var stream = new MemoryStream(bytes, writable: false))
        {
            var result = isUtf8 ? PostalDataParser.ParseUtfKenAll(stream) : PostalDataParser.ParseKenAll(stream);
            if (!result.IsValid || result.Index is null)
            {
                return (result, null);
            }

            Directory.CreateDirectory(Folder);
            var target = isUtf8 ? Utf8File : ShiftJisFile;
            var temporary = target + ".tmp";
            File.WriteAllBytes(temporary, bytes);
            File.Move(temporary, target, overwrite: true);
            File.Delete(isUtf8 ? ShiftJisFile : Utf8File);
            lock (_gate)
            {
                _nextCheck = DateTime.MinValue;
            }

            return (result, target);
        }
    }

    private static bool IsUtf8(byte[] bytes)
    {
        try
        {
            _ = new System.Text.UTF8Encoding(false, true).GetString(bytes);
            return true;
        }
        catch (System.Text.DecoderFallbackException)
        {
            return false;
        }
    }
}

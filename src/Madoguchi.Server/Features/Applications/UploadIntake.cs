using Madoguchi.Core.Answers;
using Madoguchi.Core.Procedures;
using Madoguchi.Data.Entities;
using Madoguchi.Server.Infrastructure;

namespace Madoguchi.Server.Features.Applications;

/// <summary>
/// Stores the files of one file field from any channel (portal form, API JSON). The content is sniffed, never trusted
/// from the name or the declared type; files that break the field's rules are deleted again and reported.
/// </summary>
public static class UploadIntake
{
    public sealed record Incoming(string FileName, string? DeclaredContentType, Func<Stream> Open);

    public static async Task<(List<StoredFile> Stored, List<FieldError> Errors)> StoreAsync(
        FieldDefinition field,
        Guid tenantId,
        IReadOnlyList<UploadedFileInfo> alreadyStored,
        IReadOnlyList<Incoming> incoming,
        FileStore store,
        TimeProvider clock,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(alreadyStored);
        ArgumentNullException.ThrowIfNull(incoming);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(clock);
        var limit = field.MaxFileSizeBytes ?? 10L * 1024 * 1024;
        var stored = new List<StoredFile>();
        var infos = new List<UploadedFileInfo>(alreadyStored);
        foreach (var file in incoming)
        {
            var name = SafeName(file.FileName);
            await using var stream = file.Open();
            var head = new byte[FileSniffer.HeadLength];
            var headLength = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
            var kind = FileSniffer.Detect(head.AsSpan(0, headLength), name);
            using var whole = new ConcatStream(head.AsMemory(0, headLength), stream);
            try
            {
                var saved = await store.SaveAsync(tenantId, whole, limit, ct);
                var record = new StoredFile
                {
                    Id = Guid.CreateVersion7(),
                    TenantId = tenantId,
                    FieldId = field.Id,
                    OriginalName = name,
                    Kind = kind ?? "",
                    ContentType = kind is null ? "application/octet-stream" : FileSniffer.ContentTypeFor(kind),
                    Length = saved.Length,
                    Sha256 = saved.Sha256,
                    StorageKey = saved.StorageKey,
                    CreatedAt = clock.GetUtcNow().UtcDateTime,
                };
                stored.Add(record);
                infos.Add(new UploadedFileInfo(name, saved.Length, file.DeclaredContentType, kind));
            }
            catch (FileTooLargeException)
            {
                infos.Add(new UploadedFileInfo(name, limit + 1, file.DeclaredContentType, kind));
            }
        }

        var definition = new ProcedureDefinition { Pages = [new PageDefinition { Fields = [field] }] };
        var errors = AnswerValidator.Validate(
            definition,
            new Dictionary<string, IReadOnlyList<string>>(),
            new Dictionary<string, IReadOnlyList<UploadedFileInfo>> { [field.Id] = infos },
            DateOnly.MinValue,
            [field]).Errors.Where(e => e.Code != "required").ToList();
        if (errors.Count > 0)
        {
            foreach (var file in stored)
            {
                store.Delete(file.StorageKey);
            }

            return ([], errors);
        }

        return (stored, []);
    }

    /// <summary>Keeps a display name only: no path, no control or bidi-override characters, bounded length.</summary>
    public static string SafeName(string? fileName)
    {
        var name = Path.GetFileName((fileName ?? "").Replace('\\', '/'));
        var clean = new string(name.Where(c => !char.IsControl(c) && c is not ('\u202A' or '\u202B' or '\u202C' or '\u202D' or '\u202E' or '\u2066' or '\u2067' or '\u2068' or '\u2069')).ToArray()).Trim();
        if (clean.Length == 0 || clean is "." or "..")
        {
            clean = "file";
        }

        return clean.Length > 200 ? clean[..200] : clean;
    }

    /// <summary>Replays the bytes read for sniffing, then the rest of the upload, without buffering it whole.</summary>
    private sealed class ConcatStream(ReadOnlyMemory<byte> head, Stream rest) : Stream
    {
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_position < head.Length)
            {
                var n = Math.Min(buffer.Length, head.Length - _position);
                head.Span.Slice(_position, n).CopyTo(buffer);
                _position += n;
                return n;
            }

            return rest.Read(buffer);
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position < head.Length)
            {
                var n = Math.Min(buffer.Length, head.Length - _position);
                head.Slice(_position, n).CopyTo(buffer);
                _position += n;
                return n;
            }

            return await rest.ReadAsync(buffer, cancellationToken);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }
}

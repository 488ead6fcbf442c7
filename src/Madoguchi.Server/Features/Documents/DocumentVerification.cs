using Madoguchi.Core.Procedures;
using Madoguchi.Data;
using Madoguchi.Data.Entities;
using Madoguchi.Documents.Verification;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Server.Features.Documents;

/// <summary>What the verification concluded; anything but <see cref="Genuine"/> names the check that failed.</summary>
public enum VerificationVerdict
{
    /// <summary>Every signature valid, signed with this organisation's certificate, and the file is one it issued.</summary>
    Genuine,

    /// <summary>Not a PDF, or a PDF whose signatures cannot be read.</summary>
    NotPdf,

    /// <summary>A signature does not match the content: the file was changed after signing.</summary>
    Modified,

    /// <summary>Signed, but by a certificate that is not this organisation's.</summary>
    OtherSigner,

    /// <summary>Intact, but this organisation has no record of issuing exactly this file (or it has no signature).</summary>
    NotIssuedHere,
}

/// <summary>One signature as shown to anyone: the signer's name as written in the signature, when, and whether it holds.</summary>
public sealed record SignerView(string? Name, DateTimeOffset? SigningTime, bool Valid, bool ByOrganisation);

/// <summary>The result of checking an uploaded file. No receipt number or applicant data: only what the document is and who signed it.</summary>
public sealed record VerificationReport(
    VerificationVerdict Verdict,
    LocalizedText Message,
    string Sha256,
    IReadOnlyList<SignerView> Signers,
    IssuedDocumentKind? Kind,
    DateTime? IssuedAt,
    string? Organisation,
    bool Superseded)
{
    public bool Genuine => Verdict == VerificationVerdict.Genuine;

    public string VerdictCode => Verdict switch
    {
        VerificationVerdict.Genuine => "genuine",
        VerificationVerdict.NotPdf => "notPdf",
        VerificationVerdict.Modified => "modified",
        VerificationVerdict.OtherSigner => "otherSigner",
        _ => "notIssuedHere",
    };
}

/// <summary>
/// Public verification (/verify and POST /api/v1/documents/verify): the signatures (PdfSignatureVerifier), the signer
/// certificate against this organisation's, and the file's SHA-256 against the documents this tenant issued.
/// </summary>
public sealed class DocumentVerification(AppDbContext db, SigningIdentityProvider signing)
{
    /// <summary>Uploads above this are refused before reading (every document we issue is far smaller).</summary>
    public const long MaxBytes = 20L * 1024 * 1024;

    public async Task<VerificationReport> VerifyAsync(Guid tenantId, byte[] file, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(file);
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(file));
        if (!file.AsSpan().StartsWith("%PDF-"u8))
        {
            return Report(VerificationVerdict.NotPdf, sha);
        }

        VerificationResult result;
        try
        {
            result = PdfSignatureVerifier.Verify(file);
        }
        catch (Exception e) when (e is FormatException or NotSupportedException or ArgumentException or InvalidOperationException or IndexOutOfRangeException or OverflowException)
        {
            return Report(VerificationVerdict.NotPdf, sha);
        }

        var record = await db.IssuedDocuments.AsNoTracking().Where(d => d.TenantId == tenantId && d.Sha256 == sha).OrderBy(d => d.CreatedAt).FirstOrDefaultAsync(ct);
        var ours = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { signing.Thumbprint };
        if (record?.SignerThumbprint is { } recorded)
        {
            ours.Add(recorded);
        }

        var signers = result.Signatures.Select(s => new SignerView(s.SignerName, s.SigningTime, s.IsValid,
            s.CertificateThumbprintSha256 is { } t && ours.Contains(t))).ToList();
        var verdict = result.Signatures.Count == 0 ? VerificationVerdict.NotIssuedHere
            : result.Signatures.Any(s => !s.IsValid) ? VerificationVerdict.Modified
            : signers.Any(s => !s.ByOrganisation) ? VerificationVerdict.OtherSigner
            : record is null ? VerificationVerdict.NotIssuedHere
            : VerificationVerdict.Genuine;
        if (verdict != VerificationVerdict.Genuine)
        {
            return Report(verdict, sha, signers, unsigned: result.Signatures.Count == 0);
        }

        var organisation = await db.Tenants.AsNoTracking().Where(t => t.Id == tenantId).Select(t => t.NameJa).SingleAsync(ct);
        return new VerificationReport(verdict, MessageOf(verdict, false), sha, signers, record!.Kind, record.CreatedAt, organisation, record.SupersededById is not null);
    }

    private static VerificationReport Report(VerificationVerdict verdict, string sha, IReadOnlyList<SignerView>? signers = null, bool unsigned = false) =>
        new(verdict, MessageOf(verdict, unsigned), sha, signers ?? [], null, null, null, false);

    public static LocalizedText MessageOf(VerificationVerdict verdict, bool unsigned) => verdict switch
    {
        VerificationVerdict.Genuine => new LocalizedText(
            "この文書は当団体が発行したものです。発行後に変更されていません。",
            "This document was issued by this organisation and has not been changed since."),
        VerificationVerdict.NotPdf => new LocalizedText(
            "PDF ファイルではないか、署名を読み取れない PDF です。発行された PDF ファイルをそのまま選んでください。",
            "This is not a PDF file, or its signatures cannot be read. Choose the PDF file exactly as it was issued."),
        VerificationVerdict.Modified => new LocalizedText(
            "署名の後でファイルが変更されています。内容が発行時と同じであることを確認できません。",
            "The file was changed after it was signed, so its content cannot be confirmed as issued."),
        VerificationVerdict.OtherSigner => new LocalizedText(
            "当団体以外の証明書で署名されています。当団体が発行した文書ではありません。",
            "It is signed with a certificate that is not this organisation's. It was not issued by this organisation."),
        _ when unsigned => new LocalizedText(
            "この PDF には電子署名がありません。当団体が発行した文書ではありません。",
            "This PDF has no digital signature. It was not issued by this organisation."),
        _ => new LocalizedText(
            "署名は有効ですが、当団体がこのファイルを発行した記録がありません。",
            "The signatures are intact, but this organisation has no record of issuing this file."),
    };

    public static LocalizedText KindText(IssuedDocumentKind kind) => kind switch
    {
        IssuedDocumentKind.ApplicantCopy => new LocalizedText("申請控え", "Applicant's copy"),
        IssuedDocumentKind.Decision => new LocalizedText("決裁文書", "Decision document"),
        _ => new LocalizedText("通知書", "Notice"),
    };
}

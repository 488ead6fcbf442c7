using System.Globalization;
using System.Security.Cryptography;
using Madoguchi.Core.Academy;
using Madoguchi.Core.Japanese;
using Madoguchi.Core.Procedures;
using Madoguchi.Data.Entities;
using Madoguchi.Documents.Rendering;
using Madoguchi.Documents.Signing;
using Madoguchi.Documents.Templates;

namespace Madoguchi.Server.Features.Academy;

/// <summary>
/// Issues certificates (修了証): a one-page PDF rendered with <see cref="DocumentRenderer"/> from a template made in
/// code, PAdES-signed with the organisation's signing identity (the one notices use, docs/documents.md), with its
/// SHA-256.
/// </summary>
public sealed class CertificateIssuer(Documents.SigningIdentityProvider signing, TimeProvider clock) : ICertificateIssuer
{
    public static DocumentTemplate Template { get; } = new()
    {
        Id = "academy-certificate",
        Kind = DocumentKind.Notice,
        Title = new LocalizedText("修了証", "Certificate of completion"),
        Blocks =
        [
            new TemplateBlock { Type = BlockType.Line, Align = TextAlign.Right, Text = "第 {{certificate.number}} 号" },
            new TemplateBlock { Type = BlockType.Space, Size = 20 },
            new TemplateBlock { Type = BlockType.Heading, Text = "修　了　証", Size = 28 },
            new TemplateBlock { Type = BlockType.Space, Size = 16 },
            new TemplateBlock { Type = BlockType.Line, Align = TextAlign.Left, Text = "{{learner.name}}　殿", Size = 16 },
            new TemplateBlock { Type = BlockType.Space, Size = 10 },
            new TemplateBlock
            {
                Type = BlockType.Paragraph,
                Size = 12,
                Text = "あなたは、{{organisation.name}}のデジタル人材育成プログラムにおいて、学習パス「{{path.title}}」（{{path.hours}}時間）のすべてのモジュールを修了しましたので、「{{certification.name}}」に認定したことを証します。",
            },
            new TemplateBlock { Type = BlockType.Space, Size = 10 },
            new TemplateBlock
            {
                Type = BlockType.Table,
                Rows =
                [
                    new TemplateRow { Key = "職員番号", Value = "{{learner.number}}" },
                    new TemplateRow { Key = "認定", Value = "{{certification.name}}" },
                    new TemplateRow { Key = "修了日", Value = "{{certificate.on}}" },
                ],
            },
            new TemplateBlock { Type = BlockType.Space, Size = 20 },
            new TemplateBlock { Type = BlockType.Line, Align = TextAlign.Right, Text = "{{today.wareki}}" },
            new TemplateBlock { Type = BlockType.Line, Align = TextAlign.Right, Text = "{{organisation.name}}", Size = 14 },
        ],
    };

    public async Task IssueAsync(Certificate certificate, Learner learner, Certification certification, LearningPath path, string organisationName, decimal pathHours, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(learner);
        ArgumentNullException.ThrowIfNull(certification);
        ArgumentNullException.ThrowIfNull(path);
        var now = clock.GetUtcNow();
        var data = new DocumentData
        {
            OrganisationName = organisationName,
            Today = DateOnly.FromDateTime(now.UtcDateTime + TimeSpan.FromHours(9)),
            Extra = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["certificate.number"] = certificate.Id.ToString("N")[..12].ToUpperInvariant(),
                ["certificate.on"] = Wareki.Format(certificate.On),
                ["learner.name"] = learner.Name,
                ["learner.number"] = learner.EmployeeNumber,
                ["path.title"] = path.Title.Ja,
                ["path.hours"] = pathHours.ToString("0.##", CultureInfo.InvariantCulture),
                ["certification.name"] = certification.Name.Ja,
            },
        };
        var rendered = DocumentRenderer.Render(Template, data);
        var signed = await signing.Signer(clock).SignAsync(
            rendered.Pdf,
            signing.Identity,
            SignatureAppearance.Invisible,
            new SignatureDetails { SignerName = organisationName, Reason = "修了証 / Certificate of completion" },
            cancellationToken);
        certificate.Pdf = signed;
        certificate.Sha256 = Convert.ToHexStringLower(SHA256.HashData(signed));
        certificate.IssuedAt = now.UtcDateTime;
    }
}

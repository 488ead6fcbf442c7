using Madoguchi.Core.Expressions;

namespace Madoguchi.Core.Tests.Expressions;

public sealed class ExprRewriterTests
{
    [Theory]
    [InlineData("kind = 'corp' and income > 100", "kind", "type", false, "type = 'corp' and income > 100")]
    [InlineData("sum(invoices.amount) * 2", "invoices", "bills", false, "sum(bills.amount) * 2")]
    [InlineData("sum(invoices.amount) * 2", "amount", "price", true, "sum(invoices.price) * 2")]
    [InlineData("applicant.family & ' 様'", "family", "surname", false, "applicant.family & ' 様'")] // a part, not a field
    [InlineData("'kind' = kindness", "kind", "type", false, "'kind' = kindness")] // text and longer names untouched
    [InlineData("if(a > 1,", "a", "b", false, "if(a > 1,")] // does not parse: left for the author
    public void Renames_only_references_to_the_field(string text, string oldId, string newId, bool asMember, string expected) =>
        Assert.Equal(expected, ExprRewriter.RenameField(text, oldId, newId, asMember));

    [Fact]
    public void Unchanged_expressions_keep_their_own_spelling() =>
        Assert.Equal("a>1   AND  b", ExprRewriter.RenameField("a>1   AND  b", "c", "d", false));
}

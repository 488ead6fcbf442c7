using Madoguchi.Core.Expressions;

namespace Madoguchi.Core.Tests.Expressions;

public sealed class ExprRewriterTests
{
    [Theory]
    [InlineData("kind = 'corp' and income > 100", "kind", "type", false, "type = 'corp' and income > 100")]
    [InlineData("sum(invoices.amount) * 2", "invoices", "bills", false, "sum(bills.amount) * 2")]
    [InlineData("sum(invoices.amount) * 2", "amount", "price", true, "sum(invoices.price) * 2")]
    [InlineData("applicant.family & family", "family", "surname", false, "applicant.family & surname")] // a part is not the field
    [InlineData("'kind' = kindness or kind = 1", "kind", "type", false, "'kind' = kindness or type = 1")] // text and longer names untouched
    public void Renames_only_references_to_the_field(string text, string oldId, string newId, bool asMember, string expected) =>
        Assert.Equal(expected, ExprRewriter.RenameField(text, oldId, newId, asMember));

    [Fact]
    public void Only_changed_expressions_are_reprinted()
    {
        Assert.Equal("a>1   AND  b", ExprRewriter.RenameField("a>1   AND  b", "c", "d", false)); // nothing to rename
        Assert.Equal("x > 1 and b", ExprRewriter.RenameField("a>1   AND  b", "a", "x", false));
    }

    [Fact]
    public void An_expression_that_does_not_parse_is_left_for_the_author()
    {
        Assert.False(ExprParser.Parse("if(a > 1,").Success);
        Assert.Equal("if(a > 1,", ExprRewriter.RenameField("if(a > 1,", "a", "b", false));
    }
}

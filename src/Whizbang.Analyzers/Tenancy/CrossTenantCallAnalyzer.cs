using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Whizbang.Analyzers.Tenancy;

/// <summary>
/// A method marked <c>[TenantAgnostic]</c> (such as <c>IRepository&lt;T&gt;.ForTenant</c>) is called, or used as a
/// method group, only inside a cross-tenant scope the code declares: a <c>using</c> of
/// <c>CrossTenantAccess.Begin(...)</c> enclosing it, a handler of a <c>[CrossTenant]</c> message, or a method or type
/// marked <c>[TenantAgnostic]</c> itself.
/// </summary>
/// <remarks>
/// The marker is looked for on the method called, its original definition (a member of a generic type), the methods it
/// overrides and the interface members it implements, so a call through a class implementing
/// <c>IRepository&lt;T&gt;</c> is seen too. A <c>using</c> counts only inside the same method, local function or
/// lambda: a lambda may run after the grant is disposed. No code fix on purpose: a grant needs a real reason.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CrossTenantCallAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(WhizbangAnalyzerDiagnostics.CrossTenantCallOutsideScope);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var symbols = TenancySymbols.From(start.Compilation);
            if (symbols is null)
            {
                return; // not a Whizbang compilation, or a runtime without the tenancy attributes
            }

            var analysis = new Analysis(symbols);
            start.RegisterOperationAction(c => analysis.Analyze(c, ((IInvocationOperation)c.Operation).TargetMethod), OperationKind.Invocation);
            start.RegisterOperationAction(c => analysis.Analyze(c, ((IMethodReferenceOperation)c.Operation).Method), OperationKind.MethodReference);
        });
    }

    /// <summary>The work of one compilation, with the answer for each method called remembered (most calls are not marked).</summary>
    private sealed class Analysis
    {
        private readonly TenancySymbols _symbols;
        private readonly ConcurrentDictionary<IMethodSymbol, bool> _tenantAgnostic = new(SymbolEqualityComparer.Default);
        private readonly Func<IMethodSymbol, bool> _isTenantAgnostic;

        public Analysis(TenancySymbols symbols)
        {
            _symbols = symbols;
            _isTenantAgnostic = IsTenantAgnostic;
        }

        public void Analyze(OperationAnalysisContext context, IMethodSymbol method)
        {
            if (!_tenantAgnostic.GetOrAdd(method, _isTenantAgnostic) || InCrossTenantScope(context.Operation, context.ContainingSymbol))
            {
                return;
            }

            var display = method.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);
            context.ReportDiagnostic(Diagnostic.Create(WhizbangAnalyzerDiagnostics.CrossTenantCallOutsideScope, context.Operation.Syntax.GetLocation(), display));
        }

        private bool IsTenantAgnostic(IMethodSymbol method)
        {
            if (IsMarked(method) || (method.ReducedFrom is { } extension && IsMarked(extension)))
            {
                return true;
            }

            for (var overridden = method.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
            {
                if (IsMarked(overridden))
                {
                    return true;
                }
            }

            foreach (var implemented in method.ExplicitInterfaceImplementations)
            {
                if (IsMarked(implemented))
                {
                    return true;
                }
            }

            if (method.IsStatic || method.ContainingType is not { TypeKind: TypeKind.Class or TypeKind.Struct } type)
            {
                return false;
            }

            // An implicit implementation has the interface member's name; only a marked one is worth the lookup.
            foreach (var contract in type.AllInterfaces)
            {
                foreach (var member in contract.GetMembers(method.Name))
                {
                    if (member is IMethodSymbol candidate && IsMarked(candidate)
                        && SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(candidate)?.OriginalDefinition, method.OriginalDefinition))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private bool IsMarked(IMethodSymbol method) => _symbols.IsTenantAgnostic(method) || _symbols.IsTenantAgnostic(method.OriginalDefinition);

        private bool InCrossTenantScope(IOperation operation, ISymbol? containingSymbol)
        {
            // A grant is dynamic: only a using of the same function body, already open at the call, covers it. A marker
            // is a declaration: a marked local function, lambda, method or type covers everything written inside it.
            var sameFunction = true;
            for (var child = operation; child.Parent is { } parent; child = parent)
            {
                switch (parent)
                {
                    case IUsingOperation @using when sameFunction && child == @using.Body && IsGrant(@using.Resources):
                        return true;
                    case IBlockOperation block when sameFunction && GrantDeclaredBefore(block, child):
                        return true;
                    case IAnonymousFunctionOperation lambda:
                        if (_symbols.IsTenantAgnostic(lambda.Symbol))
                        {
                            return true;
                        }

                        sameFunction = false;
                        break;
                    case ILocalFunctionOperation localFunction:
                        if (_symbols.IsTenantAgnostic(localFunction.Symbol))
                        {
                            return true;
                        }

                        sameFunction = false;
                        break;
                }
            }

            for (var symbol = containingSymbol; symbol is not null and not INamespaceSymbol; symbol = symbol.ContainingSymbol)
            {
                if (_symbols.IsTenantAgnostic(symbol) || (symbol is INamedTypeSymbol type && _symbols.HandlesCrossTenantMessage(type)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A <c>using var grant = CrossTenantAccess.Begin(...);</c> among the statements of <paramref name="block"/> before <paramref name="child"/>.</summary>
        private bool GrantDeclaredBefore(IBlockOperation block, IOperation child)
        {
            foreach (var statement in block.Operations)
            {
                if (statement == child)
                {
                    return false;
                }

                if (statement is IUsingDeclarationOperation declaration && IsGrant(declaration.DeclarationGroup))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Whether a using's resource is a call to <c>CrossTenantAccess.Begin</c> (any declarator of a declaration will do).</summary>
        private bool IsGrant(IOperation? resource)
        {
            switch (resource)
            {
                case IConversionOperation conversion:
                    return IsGrant(conversion.Operand);
                case IInvocationOperation invocation:
                    return invocation.TargetMethod.Name == "Begin"
                        && SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, _symbols.CrossTenantAccess);
                case IVariableDeclarationGroupOperation group:
                    foreach (var declaration in group.Declarations)
                    {
                        foreach (var declarator in declaration.Declarators)
                        {
                            if (IsGrant(declarator.GetVariableInitializer()?.Value))
                            {
                                return true;
                            }
                        }
                    }

                    return false;
                default:
                    return false;
            }
        }
    }
}

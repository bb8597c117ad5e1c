package dev.kthw.cli.render;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;

import freemarker.cache.ClassTemplateLoader;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.DefaultObjectWrapperBuilder;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;

/**
 * FreeMarker set up for config files: square-bracket syntax ({@code [=x]}, {@code [#if]}) so that shell
 * {@code ${VAR}} and TOML/JSON braces are plain text; strict (a missing value is an error, never an empty string);
 * locale-free number ({@code c}: no "10,250") and boolean ({@code true}/{@code false}) formats; UTF-8.
 */
public final class TemplateEngine {
    private final Configuration cfg;

    public TemplateEngine() {
        this(new ClassTemplateLoader(TemplateEngine.class, "/templates"));
    }

    TemplateEngine(freemarker.cache.TemplateLoader loader) {
        cfg = new Configuration(Configuration.VERSION_2_3_34);
        cfg.setTemplateLoader(loader);
        cfg.setDefaultEncoding(StandardCharsets.UTF_8.name());
        cfg.setOutputEncoding(StandardCharsets.UTF_8.name());
        cfg.setLocale(Locale.ROOT);
        cfg.setTimeZone(TimeZone.getTimeZone("UTC"));
        cfg.setNumberFormat("c");
        cfg.setBooleanFormat("c");
        cfg.setTagSyntax(Configuration.SQUARE_BRACKET_TAG_SYNTAX);
        cfg.setInterpolationSyntax(Configuration.SQUARE_BRACKET_INTERPOLATION_SYNTAX);
        cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        cfg.setLogTemplateExceptions(false);
        cfg.setWrapUncheckedExceptions(true);
        cfg.setFallbackOnNullLoopVariable(false);
        cfg.setAPIBuiltinEnabled(false);
        cfg.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        cfg.setObjectWrapper(new DefaultObjectWrapperBuilder(Configuration.VERSION_2_3_34).build());
        cfg.setTemplateUpdateDelayMilliseconds(Long.MAX_VALUE);
        cfg.setLocalizedLookup(false);
    }

    /** Renders {@code name} (e.g. {@code systemd/etcd.service.ftl}) with a model of maps, lists, strings, numbers, booleans. */
    public byte[] render(String name, Map<String, Object> model) {
        try {
            Template t = cfg.getTemplate(name);
            StringWriter out = new StringWriter();
            t.process(model, out);
            return out.toString().getBytes(StandardCharsets.UTF_8);
        } catch (TemplateException e) {
            throw new IllegalStateException("template " + name + ": " + e.getMessageWithoutStackTop(), e);
        } catch (IOException e) {
            throw new IllegalStateException("template " + name + ": " + e.getMessage(), e);
        }
    }
}

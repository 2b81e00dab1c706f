package io.github.alexnet4j.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The README's "Use the model as a library" snippet, compiled and run as a DL4J user would: it must
 * compile against alexnet-model and DL4J alone, and print the paper network's parameter count and its
 * 1000 class probabilities.
 */
class LibraryUseTest {

    static final Path README = Path.of(System.getProperty("alexnet.home", "..")).resolve("README.md");

    @Test
    void theReadmeSnippetCompilesAndRuns(@TempDir Path dir) throws Exception {
        String readme = Files.readString(README);
        int section = readme.indexOf("## Use the model as a library");
        assertTrue(section >= 0, "README has no 'Use the model as a library' section");
        Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme.substring(section));
        assertTrue(m.find(), "no java code block in that section");
        String code = m.group(1);
        Matcher cls = Pattern.compile("public class (\\w+)").matcher(code);
        assertTrue(cls.find(), "the snippet declares no public class");
        Path source = dir.resolve(cls.group(1) + ".java");
        Files.writeString(source, code);

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int rc = javac.run(null, null, errors, "-classpath", System.getProperty("java.class.path"), "-d", dir.toString(),
                source.toString());
        assertEquals(0, rc, "the snippet does not compile:\n" + errors);

        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new java.net.URL[]{dir.toUri().toURL()}, getClass().getClassLoader())) {
            System.setOut(new PrintStream(printed, true));
            loader.loadClass(cls.group(1)).getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(out);
        }
        assertTrue(printed.toString().contains("60965224 parameters"), printed.toString());
        assertTrue(printed.toString().contains("1000 class probabilities"), printed.toString());
    }
}

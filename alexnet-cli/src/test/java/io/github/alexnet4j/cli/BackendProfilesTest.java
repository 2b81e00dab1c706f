package io.github.alexnet4j.cli;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The root POM picks exactly one ND4J backend whatever else is switched on. Maven drops a profile marked
 * {@code activeByDefault} as soon as any other profile of the same POM activates — and the platform
 * profiles activate on arm64, macOS and Windows machines and with {@code -Djavacpp.platform=…} — so the
 * CPU backend must be switched by a property, the one that switches CUDA on ({@code -Dcuda}).
 */
class BackendProfilesTest {

    @Test
    void cpuAndCudaProfilesAreSwitchedByOneProperty() throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Element project = factory.newDocumentBuilder().parse(TrainTestSupport.HOME.resolve("pom.xml").toFile()).getDocumentElement();
        Map<String, Element> profiles = new HashMap<>();
        NodeList all = project.getElementsByTagName("profile");
        for (int i = 0; i < all.getLength(); i++) {
            Element p = (Element) all.item(i);
            profiles.put(text(p, "id"), p);
            assertEquals(0, p.getElementsByTagName("activeByDefault").getLength(),
                    "profile " + text(p, "id") + " uses activeByDefault, which another active profile silently turns off");
        }
        assertEquals("!cuda", activationProperty(profiles.get("cpu")), "the cpu profile is on unless -Dcuda");
        assertEquals("cuda", activationProperty(profiles.get("cuda")), "the cuda profile is on with -Dcuda");
        assertTrue(dependsOn(profiles.get("cpu"), "nd4j-native") && !dependsOn(profiles.get("cpu"), "nd4j-cuda-11.6"));
        assertTrue(dependsOn(profiles.get("cuda"), "nd4j-cuda-11.6") && !dependsOn(profiles.get("cuda"), "nd4j-native"));
    }

    private static String activationProperty(Element profile) {
        assertNotNull(profile, "profile missing from pom.xml");
        Element activation = (Element) profile.getElementsByTagName("activation").item(0);
        assertNotNull(activation, "profile " + text(profile, "id") + " has no activation");
        return text((Element) activation.getElementsByTagName("property").item(0), "name");
    }

    private static boolean dependsOn(Element profile, String artifactId) {
        NodeList ids = profile.getElementsByTagName("artifactId");
        for (int i = 0; i < ids.getLength(); i++) {
            if (ids.item(i).getTextContent().trim().equals(artifactId)) return true;
        }
        return false;
    }

    private static String text(Element parent, String tag) {
        return parent.getElementsByTagName(tag).item(0).getTextContent().trim();
    }
}

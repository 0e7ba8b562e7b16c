package p2pchat.agent.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import p2pchat.agent.PeerInfo;
import p2pchat.agent.identity.Identity;

/**
 * The registry's JSON shapes of docs/registry-api.md, read tolerantly and written with exact field
 * names.
 */
class RegistryJsonTest {

  private static byte[] json(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aPeerListIsReadWithVersionStatusAndNullLastSeen() {
    String key = Identity.generate().publicKeyBase64();
    RegistryJson.PeerList list =
        RegistryJson.read(
            json(
                """
        {"version": 42, "peers": [
          {"name":"Carol","publicKey":"%s","host":"127.0.0.1","port":7002,"status":"away","lastSeen":null,"epoch":3},
          {"name":"Sam","publicKey":"%s","host":"10.0.0.5","port":7001,"status":"online","lastSeen":1700000000000,
           "epoch":7,"somethingNew":true}
        ]}"""
                    .formatted(key, key)),
            RegistryJson.PeerList.class);

    assertThat(list.version()).isEqualTo(42);
    assertThat(list.peers())
        .containsExactly(
            new RegistryPeer("Carol", key, "127.0.0.1", 7002, "away", null, 3),
            new RegistryPeer("Sam", key, "10.0.0.5", 7001, "online", 1700000000000L, 7));
    assertThat(list.peers().get(1).info())
        .isEqualTo(new PeerInfo("Sam", "online", "10.0.0.5", 7001, 1700000000000L));
    assertThat(list.peers().get(1).key().getEncoded()).isEqualTo(Base64.getDecoder().decode(key));
  }

  @Test
  void changesWithoutResetFieldAreNotAReset() {
    RegistryJson.Changes none =
        RegistryJson.read(json("{\"version\":5,\"changes\":[]}"), RegistryJson.Changes.class);
    RegistryJson.Changes reset =
        RegistryJson.read(
            json("{\"version\":1,\"changes\":[],\"reset\":true}"), RegistryJson.Changes.class);

    assertThat(none.version()).isEqualTo(5);
    assertThat(none.changes()).isEmpty();
    assertThat(none.resetRequested()).isFalse();
    assertThat(reset.resetRequested()).isTrue();
  }

  @Test
  void registrationAndHeartbeatBodiesUseTheContractFieldNames() {
    assertThat(
            new String(
                RegistryJson.write(new RegistryJson.Registration("Sam", "KEY", "127.0.0.1", 7001)),
                StandardCharsets.UTF_8))
        .isEqualTo("{\"name\":\"Sam\",\"publicKey\":\"KEY\",\"host\":\"127.0.0.1\",\"port\":7001}");
    assertThat(
            new String(
                RegistryJson.write(new RegistryJson.Heartbeat("127.0.0.1", 7001, 1)),
                StandardCharsets.UTF_8))
        .isEqualTo("{\"host\":\"127.0.0.1\",\"port\":7001,\"epoch\":1}");
  }

  @Test
  void answersOfRegisterAndHeartbeatAreRead() {
    assertThat(RegistryJson.read(json("{\"epoch\":9}"), RegistryJson.Registered.class).epoch())
        .isEqualTo(9);
    RegistryJson.Lease lease =
        RegistryJson.read(json("{\"leaseMillis\":3000,\"epoch\":9}"), RegistryJson.Lease.class);
    assertThat(lease)
        .as("a registry without cheap renewals issues no token")
        .isEqualTo(new RegistryJson.Lease(3000, 9, null));
    assertThat(
            RegistryJson.read(
                    json("{\"leaseMillis\":3000,\"epoch\":9,\"leaseToken\":\"T1\"}"),
                    RegistryJson.Lease.class)
                .leaseToken())
        .isEqualTo("T1");
  }

  @Test
  void renewalsUseTheContractFieldNamesAndEachAnswerIsRead() {
    assertThat(
            new String(
                RegistryJson.write(
                    new RegistryJson.Renewals(
                        java.util.List.of(new RegistryJson.Renewal("Sam", 2, "T1")))),
                StandardCharsets.UTF_8))
        .isEqualTo("{\"renewals\":[{\"name\":\"Sam\",\"epoch\":2,\"leaseToken\":\"T1\"}]}");
    RegistryJson.Renewed renewed =
        RegistryJson.read(
            json(
                "{\"leaseMillis\":3000,\"renewals\":["
                    + "{\"name\":\"Sam\",\"leaseToken\":\"T2\"},{\"name\":\"Ann\",\"code\":401,\"message\":\"used\"}]}"),
            RegistryJson.Renewed.class);
    assertThat(renewed.renewals())
        .containsExactly(
            new RegistryJson.RenewalResult("Sam", "T2", null, null),
            new RegistryJson.RenewalResult("Ann", null, 401, "used"));
  }

  @Test
  void anErrorBodyIsReadAndGarbageSaysWhatWasExpected() {
    assertThat(
            RegistryJson.read(
                    json(
                        "{\"code\":\"name_taken\",\"message\":\"name Sam belongs to another key\"}"),
                    RegistryJson.Error.class)
                .message())
        .isEqualTo("name Sam belongs to another key");
    assertThat(
            RegistryJson.read(
                json("{\"code\":409,\"message\":\"stale epoch 1\"}"), RegistryJson.Error.class))
        .as("the registry sends the status as a number")
        .isEqualTo(new RegistryJson.Error("409", "stale epoch 1"));
    assertThatThrownBy(
            () -> RegistryJson.read(json("<html>502</html>"), RegistryJson.PeerList.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unexpected PeerList JSON from the registry");
  }
}

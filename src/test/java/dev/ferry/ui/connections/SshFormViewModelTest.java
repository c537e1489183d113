package dev.ferry.ui.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.app.ConnectionProfiles.Profile;
import dev.ferry.source.PostgresSettings;
import dev.ferry.tunnel.HostKeyPolicy;
import dev.ferry.tunnel.SshTunnelSettings;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The SSH form alone: the tunnel it describes, or none. */
class SshFormViewModelTest {
  private final SshFormViewModel form = new SshFormViewModel();
  private final PostgresSettings source =
      PostgresSettings.of("jdbc:postgresql://db.internal:6543/shop", "reader", Optional.empty());

  @Test
  void anOffFormDescribesNoTunnelWhateverItHolds() {
    form.hostProperty().set("");
    form.portProperty().set("not a port");

    assertThat(form.tunnelFor(source)).isEmpty();
  }

  @Test
  void anOnFormReachesTheSourcesHostAndPortAndAsksAboutUnknownHosts() {
    form.enabledProperty().set(true);
    form.hostProperty().set(" bastion.example.com ");
    form.portProperty().set("2222");
    form.userProperty().set("deploy");
    form.keyFileProperty().set("/keys/id_ed25519");
    form.knownHostsProperty().set("/keys/known_hosts");

    SshTunnelSettings tunnel = form.tunnelFor(source).orElseThrow();

    assertThat(tunnel.host()).isEqualTo("bastion.example.com");
    assertThat(tunnel.port()).isEqualTo(2222);
    assertThat(tunnel.user()).contains("deploy");
    assertThat(tunnel.identityFiles()).containsExactly(Path.of("/keys/id_ed25519"));
    assertThat(tunnel.knownHostsFile()).isEqualTo(Path.of("/keys/known_hosts"));
    assertThat(tunnel.policy()).isEqualTo(HostKeyPolicy.ASK);
    assertThat(tunnel.targetHost()).isEqualTo("db.internal");
    assertThat(tunnel.targetPort()).isEqualTo(6543);
  }

  @Test
  void anIncompleteOnFormSaysWhatIsMissing() {
    form.enabledProperty().set(true);
    assertThatThrownBy(() -> form.tunnelFor(source)).hasMessage("The SSH host is required.");
    form.hostProperty().set("bastion");
    form.portProperty().set("0");
    assertThatThrownBy(() -> form.tunnelFor(source))
        .hasMessage("The SSH port must be a number from 1 to 65535, not \"0\".");
  }

  @Test
  void aProfileFillsTheFormWithoutAPassphraseAndAPortThatIsNoNumberIsSavedAsTheDefault() {
    form.passphraseProperty().set("secret");
    form.fill(
        new Profile(
            "p",
            "jdbc:postgresql://h:5432/d",
            "u",
            "",
            "mongodb://m",
            "t",
            "orders",
            true,
            "bastion",
            2200,
            "deploy",
            "/k",
            "/kh"));

    assertThat(form.enabledProperty().get()).isTrue();
    assertThat(form.portProperty().get()).isEqualTo("2200");
    assertThat(form.passphraseProperty().get()).isEmpty();
    form.portProperty().set("twenty-two");
    assertThat(form.profilePort()).isEqualTo(SshTunnelSettings.DEFAULT_PORT);
  }
}

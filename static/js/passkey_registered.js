// Once django-otp-webauthn's script has registered a passkey, move on to the next step.
const area = document.getElementById("passkey-registration");
if (area) {
  area.addEventListener("otp_webauthn.register_complete", () => {
    window.location.assign(area.dataset.doneUrl);
  });
}

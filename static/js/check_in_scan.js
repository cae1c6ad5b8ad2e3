// Check-in: scan an entry pass's QR code with the phone's camera where the browser offers the BarcodeDetector API
// (progressive enhancement: without it, or without JavaScript, the code is typed). The QR code holds the check-in
// address with `?code=…`; the code goes into the form, which is sent as if typed.
(function () {
  "use strict";
  const button = document.querySelector("[data-scan]");
  const video = document.querySelector("[data-scan-video]");
  if (!button || !video || !("BarcodeDetector" in window) || !navigator.mediaDevices) return;
  const form = button.closest("form");
  const input = form.querySelector("[name=code]");
  button.hidden = false;

  function codeOf(text) {
    try {
      return new URL(text).searchParams.get("code") || "";
    } catch (error) {
      return text.trim();
    }
  }

  button.addEventListener("click", async function () {
    let stream;
    try {
      const detector = new BarcodeDetector({ formats: ["qr_code"] });
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
      video.srcObject = stream;
      video.hidden = false;
      await video.play();
      for (;;) {
        const found = await detector.detect(video);
        const code = found.length ? codeOf(found[0].rawValue) : "";
        if (code) {
          input.value = code;
          form.requestSubmit();
          return;
        }
        await new Promise(function (resolve) { setTimeout(resolve, 200); });
      }
    } catch (error) {
      input.focus();  // no camera or no permission: typing still works
    } finally {
      if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
    }
  });
})();

"""Seed content in Spanish, first version: frozen data for migration 0020.

Written in the project's own words from the English items of `_content_v2` (the same facts, the
same balance, the same sources, which stay the English originals'); not a machine translation.
Each row starts "awaiting clinical review", like any new version, and no clinician is named.
Items without a Spanish version here show in English on the Spanish Learn page, which says so.

FAQS: the English FAQ's `order` -> its Spanish question and answer.
"""

FAQS = {
    1: {
        "english_question": "Is ketamine a replacement for my antidepressant?",
        "question": "¿La ketamina reemplaza a mi antidepresivo?",
        "answer": (
            "No necesariamente. La esketamina (Spravato) se aprobó primero para usarse junto con "
            "un antidepresivo oral; desde enero de 2025 también está aprobada sola para la "
            "depresión resistente al tratamiento. Si conviene seguir, cambiar o dejar su "
            "antidepresivo es una decisión que toman usted y quien se lo receta, juntos.\n\n"
            "**No deje un antidepresivo por su cuenta.** Dejarlo de golpe puede causar síntomas "
            "de retirada y hace más probable una recaída."
        ),
    },
    2: {
        "english_question": "How quickly does each treatment work?",
        "question": "¿Qué tan rápido funciona cada tratamiento?",
        "answer": (
            "En los estudios, la ketamina a menudo alivió los síntomas en cuestión de horas o de "
            "un día en las personas que respondieron, pero el efecto de una sola dosis suele "
            "pasar en unos días o hasta unas dos semanas, así que se usa una serie de sesiones. "
            "Los antidepresivos suelen tardar **de 4 a 8 semanas** en hacer todo su efecto, y "
            "cuando funcionan, el beneficio suele mantenerse mientras se siguen tomando."
        ),
    },
    6: {
        "english_question": "What if I'm having thoughts of suicide?",
        "question": "¿Y si tengo pensamientos de suicidio?",
        "answer": (
            "**Si está en peligro ahora, llame al 911 o vaya a la sala de emergencias más "
            "cercana.**\n\n"
            "Puede hablar con alguien ahora mismo, a cualquier hora:\n\n"
            "- Llame o envíe un mensaje de texto al **988**, la Línea de Prevención del Suicidio "
            "y Crisis, o chatee en [988lifeline.org/chat](https://988lifeline.org/chat). Es "
            "gratuita, confidencial y atiende las 24 horas, todos los días, en inglés y en "
            "español.\n"
            "- Veteranos y miembros de las fuerzas armadas: marquen el 988 y luego el 1 (la "
            "Línea de Crisis para Veteranos).\n"
            "- Personas sordas o con dificultad auditiva: envíen un mensaje de texto al 988, "
            "chateen o usen el botón de video «ASL Now» en "
            "[988lifeline.org](https://988lifeline.org/) para comunicarse por señas con un "
            "consejero.\n\n"
            "Nadie vigila nuestro formulario a todas horas, así que no espere nuestra respuesta. "
            "Las personas sí salen adelante; la ayuda funciona."
        ),
    },
    7: {
        "english_question": "What is the difference between ketamine and esketamine?",
        "question": "¿Qué diferencia hay entre la ketamina y la esketamina?",
        "answer": (
            "La ketamina está formada por dos formas que son imagen en espejo una de la otra; la "
            "esketamina es una de ellas. La esketamina (Spravato) es un aerosol nasal aprobado "
            "por la FDA para la depresión y se administra dentro de un programa de seguridad. "
            "La ketamina para la depresión suele darse por infusión intravenosa, un uso fuera de "
            "lo aprobado («off-label»). Las dos actúan sobre el glutamato, y hay pocos estudios "
            "que las comparen directamente."
        ),
    },
}
